package dev.bpg.storage;

import static java.util.Objects.requireNonNull;

import dev.bpg.artifact.ObjectStore;
import dev.bpg.config.StorageConfig;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The object store over the AWS SDK for Java v2: S3 itself with the SDK's default credential chain
 * (on EKS, the pod's IAM role through IRSA or Pod Identity) and region, or any S3-compatible store
 * at a configured endpoint. Bodies up to one part are sent in one PUT, larger ones as a multipart
 * upload, one part in memory at a time.
 */
public final class S3ObjectStore implements ObjectStore, AutoCloseable {
  /** The part size of a multipart upload, and the size up to which a body goes in one PUT. */
  static final int PART = 8 * 1024 * 1024;

  private final S3Client client;
  private final String bucket;
  private final String where;

  S3ObjectStore(S3Client client, String bucket, String where) {
    this.client = requireNonNull(client, "client is null");
    this.bucket = requireNonNull(bucket, "bucket is null");
    this.where = requireNonNull(where, "where is null");
  }

  public static S3ObjectStore open(StorageConfig config) {
    String where =
        "s3://" + config.bucket() + (config.endpoint() != null ? " at " + config.endpoint() : "");
    return new S3ObjectStore(client(config), config.bucket(), where);
  }

  /** A client of the configured store (also for set-up and tests). */
  public static S3Client client(StorageConfig config) {
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClientBuilder(
                ApacheHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(180)))
            .credentialsProvider(credentials(config))
            .forcePathStyle(config.pathStyle());
    config.findRegion().ifPresent(region -> builder.region(Region.of(region)));
    if (config.endpoint() != null) {
      builder
          .endpointOverride(URI.create(config.endpoint()))
          // S3-compatible stores do not all take the SDK's newer default checksums.
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    return builder.build();
  }

  private static AwsCredentialsProvider credentials(StorageConfig config) {
    if (config.accessKeyId() != null) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey()));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  @Override
  public String bucket() {
    return bucket;
  }

  @Override
  public void put(String key, InputStream body, long length, Map<String, String> metadata) {
    try {
      if (length <= PART) {
        byte[] content = readFully(body, (int) length, 0, length);
        client.putObject(
            request ->
                request
                    .bucket(bucket)
                    .key(key)
                    .contentType("application/octet-stream")
                    .metadata(metadata),
            RequestBody.fromBytes(content));
        return;
      }
      multipart(key, body, length, metadata);
    } catch (SdkException e) {
      throw unavailable("store " + key, e);
    }
  }

  private void multipart(String key, InputStream body, long length, Map<String, String> metadata) {
    String upload =
        client
            .createMultipartUpload(
                request ->
                    request
                        .bucket(bucket)
                        .key(key)
                        .contentType("application/octet-stream")
                        .metadata(metadata))
            .uploadId();
    try {
      List<CompletedPart> parts = new ArrayList<>();
      long sent = 0;
      for (int number = 1; sent < length; number++) {
        int size = (int) Math.min(PART, length - sent);
        byte[] part = readFully(body, size, sent, length);
        int partNumber = number;
        String etag =
            client
                .uploadPart(
                    request ->
                        request
                            .bucket(bucket)
                            .key(key)
                            .uploadId(upload)
                            .partNumber(partNumber)
                            .contentLength((long) size),
                    RequestBody.fromBytes(part))
                .eTag();
        parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
        sent += size;
      }
      client.completeMultipartUpload(
          request ->
              request
                  .bucket(bucket)
                  .key(key)
                  .uploadId(upload)
                  .multipartUpload(done -> done.parts(parts)));
    } catch (RuntimeException e) {
      try {
        client.abortMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(upload));
      } catch (SdkException ignored) {
        // The store's own lifecycle rules remove what an abort could not.
      }
      throw e;
    }
  }

  /** Exactly {@code size} bytes of the body; a body that ends early is the client's fault. */
  private static byte[] readFully(InputStream body, int size, long before, long length) {
    try {
      byte[] content = body.readNBytes(size);
      if (content.length < size) {
        throw GatewayException.invalidField(
            "body",
            "ended after " + (before + content.length) + " of the " + length + " bytes announced");
      }
      return content;
    } catch (IOException e) {
      throw GatewayException.invalidField(
          "body", "could not be read after " + before + " bytes: " + e.getMessage());
    }
  }

  @Override
  public Optional<InputStream> get(String key) {
    try {
      return Optional.of(client.getObject(request -> request.bucket(bucket).key(key)));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw unavailable("read " + key, e);
    }
  }

  @Override
  public void delete(String key) {
    try {
      client.deleteObject(request -> request.bucket(bucket).key(key));
    } catch (SdkException e) {
      throw unavailable("delete " + key, e);
    }
  }

  private GatewayException unavailable(String action, SdkException e) {
    String why =
        e instanceof S3Exception s3 && s3.awsErrorDetails() != null
            ? s3.awsErrorDetails().errorCode() + " (HTTP " + s3.statusCode() + ")"
            : firstLine(e.getMessage()).replaceAll(" \\(SDK Attempt Count: \\d+\\)", "");
    return new GatewayException(
        ErrorCode.STORAGE_UNAVAILABLE,
        "the object store " + where + " is unavailable: could not " + action + ": " + why,
        e);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }

  @Override
  public void close() {
    client.close();
  }
}

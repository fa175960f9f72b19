package dev.bpg.local;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Fetches {@code s3a://} and {@code s3://} objects from an S3-compatible store (the demo's local
 * one) into a directory of this machine, one directory per object URL so that a jar keeps its name.
 * Each fetch reads the object again: an upload to the same key replaces it.
 */
public final class S3RemoteFiles implements RemoteFiles, AutoCloseable {
  private final S3Client client;
  private final Path directory;

  public S3RemoteFiles(String endpoint, String accessKey, String secretKey, Path directory) {
    this.directory = requireNonNull(directory, "directory is null");
    this.client =
        S3Client.builder()
            .endpointOverride(URI.create(requireNonNull(endpoint, "endpoint is null")))
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .httpClientBuilder(ApacheHttpClient.builder())
            .build();
  }

  @Override
  public Path fetch(URI uri) throws IOException {
    String bucket = uri.getHost();
    String key = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    if (bucket == null || bucket.isEmpty() || key.isEmpty() || key.endsWith("/")) {
      throw new IOException("expected s3a://bucket/key");
    }
    String name = key.substring(key.lastIndexOf('/') + 1);
    Path target = Files.createDirectories(directory.resolve(digest(uri.toString()))).resolve(name);
    Path partial = target.resolveSibling(name + ".partial");
    try (InputStream in = client.getObject(request -> request.bucket(bucket).key(key))) {
      Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
    } catch (NoSuchKeyException e) {
      throw new NoSuchFileException(uri.toString(), null, "the object store has no such object");
    } catch (SdkException e) {
      throw new IOException("the object store cannot be read: " + e.getMessage(), e);
    }
    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
    return target;
  }

  private static String digest(String text) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}

package dev.bpg.config;

import io.dropwizard.util.DataSize;
import java.util.Optional;

/**
 * The object store for users' uploads: an S3 bucket, or a bucket of any S3-compatible store at
 * {@code endpoint}. Without {@code credentials} the AWS SDK's default chain is used (environment,
 * the pod's IAM role through IRSA or Pod Identity, instance profile); without {@code region}, the
 * SDK's default region (for an endpoint of another store: us-east-1). Uploads are off when no
 * bucket is set.
 */
public record StorageConfig(
    String bucket,
    String prefix,
    String region,
    String endpoint,
    Boolean pathStyle,
    Credentials credentials,
    DataSize maxUploadSize) {

  /** A static key pair; {@code ${NAME}} references keep it out of the file. */
  public record Credentials(String accessKeyId, String secretAccessKey) {
    @Override
    public String toString() {
      return "Credentials[accessKeyId=" + accessKeyId + ", secretAccessKey=****]";
    }
  }

  public StorageConfig {
    prefix = prefix == null ? "" : prefix;
    pathStyle = pathStyle != null && pathStyle;
    maxUploadSize = maxUploadSize == null ? DataSize.mebibytes(800) : maxUploadSize;
  }

  public static StorageConfig none() {
    return new StorageConfig(null, null, null, null, null, null, null);
  }

  public boolean enabled() {
    return bucket != null && !bucket.isBlank();
  }

  /** The region to sign for: the one configured, else us-east-1 for another store's endpoint. */
  public Optional<String> findRegion() {
    if (region != null && !region.isBlank()) {
      return Optional.of(region);
    }
    return endpoint != null ? Optional.of("us-east-1") : Optional.empty();
  }

  public String accessKeyId() {
    return credentials == null ? null : credentials.accessKeyId();
  }

  public String secretAccessKey() {
    return credentials == null ? null : credentials.secretAccessKey();
  }

  public StorageConfig withBucket(String value) {
    return new StorageConfig(
        value, prefix, region, endpoint, pathStyle, credentials, maxUploadSize);
  }

  public StorageConfig withEndpoint(String value) {
    return new StorageConfig(bucket, prefix, region, value, pathStyle, credentials, maxUploadSize);
  }
}

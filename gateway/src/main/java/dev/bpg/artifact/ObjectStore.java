package dev.bpg.artifact;

import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * The bucket the gateway keeps users' files (and, later, archived logs) in: an S3 bucket or any
 * store that speaks its protocol. Keys are relative to the bucket. Every method throws a {@code
 * GatewayException} with {@code STORAGE_UNAVAILABLE} when the store cannot be reached or refuses
 * the gateway, saying why.
 */
public interface ObjectStore {
  /** The bucket's name, as it appears in {@code s3a://<bucket>/<key>}. */
  String bucket();

  /**
   * Stores exactly {@code length} bytes read from {@code body} under {@code key}, streamed: at most
   * one part of a multipart upload is held in memory.
   *
   * @throws dev.bpg.error.GatewayException {@code INVALID_REQUEST} when the body ends early
   */
  void put(String key, InputStream body, long length, Map<String, String> metadata);

  /** The object's content, or empty when there is no such key. */
  Optional<InputStream> get(String key);

  void delete(String key);
}

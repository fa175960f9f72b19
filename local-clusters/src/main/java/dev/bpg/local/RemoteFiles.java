package dev.bpg.local;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * Files a spec names in an object store ({@code s3a://bucket/key}, also {@code s3://}), fetched to
 * this machine for a local run, as a real cluster's Spark would read them from the store.
 */
public interface RemoteFiles {
  /**
   * The object's content as a file on this machine.
   *
   * @throws java.nio.file.NoSuchFileException when the store has no such object
   * @throws IOException when the store cannot be reached, or no store is configured
   */
  Path fetch(URI uri) throws IOException;

  /** No object store: every fetch fails and says so. */
  static RemoteFiles none() {
    return uri -> {
      throw new IOException(
          "the local clusters have no object store to read it from (./bpg demo starts one)");
    };
  }
}

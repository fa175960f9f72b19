package dev.bpg.artifact;

import java.util.List;

/**
 * The index an existing installation of Apple's gateway kept of the logs Fluent Bit shipped to its
 * log bucket: the table {@code logindex}, filled by an indexer outside the gateway, one row per
 * object with the container it came from.
 */
public interface FluentBitIndex {
  /**
   * The keys of a container's log objects, in key order (which is time order for Fluent Bit's
   * keys).
   *
   * @param containerId {@code <submissionId>-driver} or {@code <submissionId>-exec-<n>}
   */
  List<String> keysOf(String containerId);
}

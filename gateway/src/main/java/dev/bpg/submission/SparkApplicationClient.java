package dev.bpg.submission;

import dev.bpg.submission.model.SparkApplicationManifest;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The Kubernetes API of one cluster, as far as the gateway uses it. One instance per cluster, built
 * once and shared by all requests.
 *
 * <p>Errors: a cluster that cannot be reached (refused, timed out, TLS) raises {@code
 * CLUSTER_UNAVAILABLE}; a create it answers with 429 or 5xx raises {@code CLUSTER_FAILED} (the
 * cluster failed this call; another may take it); an API server that refuses the object itself
 * (400, 403, 404, 413, 422 and other 4xx, an admission webhook's denial) raises {@code
 * CLUSTER_REJECTED}; a name that exists already raises {@code SUBMISSION_EXISTS}. Reads of objects
 * that do not exist return empty.
 */
public interface SparkApplicationClient {
  String clusterId();

  /**
   * Creates the SparkApplication. Not idempotent: a second create of the same name is a conflict.
   */
  void create(SparkApplicationManifest manifest);

  /**
   * Whether the cluster holds the SparkApplication now, asked of its API server (not of a cache).
   */
  boolean exists(String namespace, String name);

  /** Deletes the SparkApplication; returns false when it did not exist. Idempotent. */
  boolean delete(String namespace, String name);

  Optional<PodSummary> findPod(String namespace, String podName);

  /** Events about the named object, oldest first. */
  List<ClusterEvent> events(String namespace, String involvedObjectName);

  /**
   * The log of a pod's main container; with {@code follow} the stream stays open while the
   * container runs. Empty when the pod does not exist. The caller closes the stream.
   */
  Optional<InputStream> openLog(String namespace, String podName, boolean follow);
}

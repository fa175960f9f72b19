package dev.bpg.submission;

import dev.bpg.error.GatewayException;
import dev.bpg.submission.model.SparkApplicationManifest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A cluster's API as a test scripts it: creates succeed and are kept unless a failure is set, and
 * every call is counted, so that a test can tell that a check was made.
 */
public final class ScriptedCluster implements SparkApplicationClient {
  private final String id;
  public final List<SparkApplicationManifest> created = new CopyOnWriteArrayList<>();
  public final List<String> deleted = new CopyOnWriteArrayList<>();
  private final Set<String> live = ConcurrentHashMap.newKeySet();

  /** Names of applications created on the cluster by someone else, such as another replica. */
  public final Set<String> createdElsewhere = ConcurrentHashMap.newKeySet();

  public final AtomicInteger existsCalls = new AtomicInteger();

  /** Pod logs by pod name: what {@link #openLog} reads while the pod is there. */
  public final Map<String, String> podLogs = new ConcurrentHashMap<>();

  /** What creates throw; null: they succeed. */
  public volatile GatewayException failure;

  /**
   * The create lands on the cluster, but its answer is lost (a timeout): the gateway sees {@link
   * #failure}.
   */
  public volatile boolean landsBeforeFailing;

  /**
   * Runs with the application's name while the create is in flight, e.g. a watch event arriving
   * first.
   */
  public volatile Consumer<String> duringCreate = name -> {};

  public ScriptedCluster(String id) {
    this.id = id;
  }

  @Override
  public String clusterId() {
    return id;
  }

  @Override
  public void create(SparkApplicationManifest manifest) {
    duringCreate.accept(manifest.name());
    if (failure != null) {
      if (landsBeforeFailing) {
        created.add(manifest);
        live.add(manifest.name());
      }
      throw failure;
    }
    created.add(manifest);
    live.add(manifest.name());
  }

  /** When set, asking whether an object exists fails with this, as a cluster gone would. */
  public volatile GatewayException existsFailure;

  @Override
  public boolean exists(String namespace, String name) {
    existsCalls.incrementAndGet();
    if (existsFailure != null) {
      throw existsFailure;
    }
    // What a delete removed is gone; what a create made after it is there again.
    return live.contains(name) || (createdElsewhere.contains(name) && !deleted.contains(name));
  }

  @Override
  public boolean delete(String namespace, String name) {
    deleted.add(name);
    live.remove(name);
    return created.stream().anyMatch(m -> m.name().equals(name));
  }

  @Override
  public Optional<PodSummary> findPod(String namespace, String podName) {
    return Optional.empty();
  }

  @Override
  public List<ClusterEvent> events(String namespace, String involvedObjectName) {
    return List.of();
  }

  @Override
  public Optional<InputStream> openLog(String namespace, String podName, boolean follow) {
    return Optional.ofNullable(podLogs.get(podName))
        .map(log -> new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)));
  }
}

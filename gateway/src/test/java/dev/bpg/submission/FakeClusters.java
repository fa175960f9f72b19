package dev.bpg.submission;

import dev.bpg.config.ClusterConfig;
import dev.bpg.routing.ClusterConditions;
import dev.bpg.routing.ClusterLoad;
import dev.bpg.routing.SubmitPacer;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Clusters for the domain's unit tests: a {@link ScriptedCluster} per configuration, and health as
 * the domain reports it (a cluster reported unreachable is down until a test says otherwise).
 */
public final class FakeClusters implements ClusterClients, ClusterHealthReports, ClusterConditions {
  private final Map<String, ClusterConfig> configs = new LinkedHashMap<>();
  private final Map<String, ScriptedCluster> clients = new LinkedHashMap<>();
  private final Map<String, String> down = new ConcurrentHashMap<>();
  private final List<String> createFailures = new CopyOnWriteArrayList<>();
  private final StatusCache cache;
  private final SubmitPacer pacer;

  public FakeClusters(List<ClusterConfig> configs, StatusCache cache) {
    this(configs, cache, new SubmitPacer(configs, () -> 1, Clock.systemUTC()));
  }

  public FakeClusters(List<ClusterConfig> configs, StatusCache cache, SubmitPacer pacer) {
    this.pacer = pacer;
    configs.forEach(
        c -> {
          this.configs.put(c.id(), c);
          clients.put(c.id(), new ScriptedCluster(c.id()));
        });
    this.cache = cache;
  }

  public ScriptedCluster cluster(String id) {
    return clients.get(id);
  }

  public void reachable(String id) {
    down.remove(id);
  }

  @Override
  public Set<String> ids() {
    return configs.keySet();
  }

  @Override
  public Optional<ClusterConfig> findConfig(String clusterId) {
    return Optional.ofNullable(configs.get(clusterId));
  }

  @Override
  public SparkApplicationClient client(String clusterId) {
    ScriptedCluster client = clients.get(clusterId);
    if (client == null) {
      throw ClusterClients.notConfigured(clusterId);
    }
    return client;
  }

  @Override
  public void reportUnreachable(String clusterId, String reason) {
    down.put(clusterId, reason);
  }

  @Override
  public void reportCreateFailed(String clusterId, String submissionId, String owner, String why) {
    createFailures.add(clusterId + ": " + why);
  }

  @Override
  public void reportCreated(String clusterId) {
    // Health in these tests changes only by reportUnreachable and reachable().
  }

  /** The failed creates reported, as "cluster: reason", in order. */
  public List<String> createFailures() {
    return List.copyOf(createFailures);
  }

  @Override
  public Optional<String> unavailability(String clusterId) {
    return Optional.ofNullable(down.get(clusterId));
  }

  @Override
  public Optional<String> paced(String clusterId) {
    return pacer.paced(clusterId);
  }

  @Override
  public ClusterLoad load(String clusterId) {
    return cache.load(clusterId);
  }
}

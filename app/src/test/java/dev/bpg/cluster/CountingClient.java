package dev.bpg.cluster;

import dev.bpg.submission.ClusterEvent;
import dev.bpg.submission.PodSummary;
import dev.bpg.submission.SparkApplicationClient;
import dev.bpg.submission.model.SparkApplicationManifest;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A real client that counts how often it is asked whether an application exists. */
final class CountingClient implements SparkApplicationClient {
  private final SparkApplicationClient real;
  private final AtomicInteger existsCalls;

  CountingClient(SparkApplicationClient real, AtomicInteger existsCalls) {
    this.real = real;
    this.existsCalls = existsCalls;
  }

  @Override
  public String clusterId() {
    return real.clusterId();
  }

  @Override
  public void create(SparkApplicationManifest manifest) {
    real.create(manifest);
  }

  @Override
  public boolean exists(String namespace, String name) {
    existsCalls.incrementAndGet();
    return real.exists(namespace, name);
  }

  @Override
  public boolean delete(String namespace, String name) {
    return real.delete(namespace, name);
  }

  @Override
  public Optional<PodSummary> findPod(String namespace, String podName) {
    return real.findPod(namespace, podName);
  }

  @Override
  public List<ClusterEvent> events(String namespace, String involvedObjectName) {
    return real.events(namespace, involvedObjectName);
  }

  @Override
  public Optional<InputStream> openLog(String namespace, String podName, boolean follow) {
    return real.openLog(namespace, podName, follow);
  }
}

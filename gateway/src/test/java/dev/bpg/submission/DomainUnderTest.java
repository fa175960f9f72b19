package dev.bpg.submission;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpg.config.AuthConfig;
import dev.bpg.config.ClusterConfig;
import dev.bpg.config.QueueConfig;
import dev.bpg.config.SparkConfig;
import dev.bpg.config.SparkImageConfig;
import dev.bpg.routing.QueueResolver;
import dev.bpg.routing.SubmitPacer;
import dev.bpg.routing.WeightedRouter;
import dev.bpg.submission.policy.QueueAccess;
import dev.bpg.submission.policy.QueueTokens;
import dev.bpg.submission.tracking.StatusEvents;
import dev.bpg.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The domain wired as the gateway wires it, over fakes: an in-memory store, scripted clusters whose
 * health is what the domain reported, a clock that moves only when told, and a router whose draw
 * always picks the first eligible cluster (the heaviest). No database, no Kubernetes client.
 */
public final class DomainUnderTest implements AutoCloseable {
  public static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

  public final MutableClock clock = new MutableClock(START);
  public final StatusCache cache = new StatusCache();
  public final InMemorySubmissionStore store = new InMemorySubmissionStore();
  public final FakeClusters clusters;
  public final SubmitPacer pacer;
  public final StatusWriter writer =
      new StatusWriter(store, SubmissionMetrics.NONE, clock, Duration.ofSeconds(1));
  public final KillIntents killIntents = new KillIntents();
  public final DispatchTrigger roomFreed = new DispatchTrigger();
  public final StatusEvents events;
  public final AdmissionControl admission;
  public final SubmissionService service;
  public final KillService kills;

  public DomainUnderTest(List<ClusterConfig> configs, List<QueueConfig> queues, int maxAttempts) {
    pacer = new SubmitPacer(configs, () -> 1, clock);
    clusters = new FakeClusters(configs, cache, pacer);
    events =
        new StatusEvents(
            cache,
            writer,
            clusters,
            killIntents,
            SubmissionMetrics.NONE,
            roomFreed,
            PodLogArchiver.NONE,
            clock);
    WeightedRouter router = new WeightedRouter(configs, bound -> 0, clusters);
    SparkConfig spark =
        new SparkConfig(
            Map.of(),
            Map.of(),
            List.of(new SparkImageConfig("spark:3.5.0", List.of("Java"), "3.5.0")));
    SparkApplicationSpecBuilder specs = new SparkApplicationSpecBuilder(spark);
    ObjectMapper json = new ObjectMapper();
    SubmissionRecords records =
        new SubmissionRecords(json, new SecretMasking(spark), "replica-test");
    ClusterDispatcher dispatcher =
        new ClusterDispatcher(
            clusters,
            clusters,
            specs,
            store,
            records,
            cache,
            writer,
            SubmissionMetrics.NONE,
            clock,
            maxAttempts,
            pacer,
            killIntents);
    admission =
        new AdmissionControl(new AdmissionQueue(), router, dispatcher, cache, writer, clock);
    service =
        new SubmissionService(
            new QueueResolver(queues),
            router,
            clusters,
            specs,
            new ZonePicker(),
            new QueueAccess(AuthConfig.empty(), new QueueTokens(List.of(), clock)),
            store,
            records,
            admission,
            dispatcher,
            SubmissionMetrics.NONE,
            clock,
            UUID::randomUUID,
            Duration.ofMinutes(1));
    kills =
        new KillService(
            admission, clusters, killIntents, cache, writer, PodLogArchiver.NONE, clock);
  }

  /** Submits a minimal Java job of {@code owner} to queue {@code dev}; returns its ID. */
  public String submit(String owner) {
    return service
        .submit(
            TestRequests.request(
                "{queue: dev, sparkVersion: '3.5.0', mainClass: A,"
                    + " mainApplicationFile: 'local:///app.jar'}"),
            new Caller(owner, false),
            Optional.empty(),
            Optional.empty())
        .value();
  }

  public ScriptedCluster cluster(String id) {
    return clusters.cluster(id);
  }

  /** What a watch reports of an application of this domain on a cluster. */
  public TrackedApplication observed(
      String clusterId, String submissionId, ApplicationState state) {
    return new TrackedApplication(
        submissionId,
        clusterId,
        "spark-operator",
        "alice",
        "alice",
        "dev",
        clock.instant(),
        0,
        ApplicationStatus.unknown().withState(state, null, clock.instant()),
        true);
  }

  @Override
  public void close() {
    writer.close();
  }
}

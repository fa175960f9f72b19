package dev.bpg.local;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for the Kubeflow Spark operator on one local cluster: it watches {@code
 * SparkApplication} objects with an informer and, for each new one, plays a {@link SimulatedRun} or
 * runs a real Spark job ({@link SparkProcessRun}), as its {@link LocalRunMode} says. It writes only
 * through the API server, like the real operator, so what the gateway sees is what a real cluster
 * would show.
 */
final class LocalSparkOperator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalSparkOperator.class);
  private static final int THREADS = 2;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  /**
   * How long a driver JVM has to stop after SIGTERM before it is killed. Spark's shutdown hooks
   * stop the context and remove its temporary directories; that takes a second or two, longer on a
   * busy machine.
   */
  private static final Duration DRIVER_STOP_GRACE = Duration.ofSeconds(10);

  private final String clusterId;
  private final ClusterWriter writer;
  private final PodLogs podLogs;
  private final ScheduledExecutorService scheduler;
  private final RunContext context;
  private final SimulationTimings timings;
  private final ObjectMapper mapper = new ObjectMapper();
  private final ConcurrentMap<String, ApplicationRun> runsByUid = new ConcurrentHashMap<>();
  private final SharedIndexInformer<GenericKubernetesResource> informer;
  private final LocalRunMode mode;
  // Only for real Spark runs: the cluster's job slots, its driver JVMs and an informer on driver
  // pods.
  private final JobSlots slots;
  private final DriverProcesses driverProcesses;
  private final SharedIndexInformer<Pod> driverPodInformer;

  /** An operator that simulates runs. */
  LocalSparkOperator(
      String clusterId,
      KubernetesClient client,
      PodLogs podLogs,
      Clock clock,
      Random random,
      SimulationTimings timings) {
    this(clusterId, client, podLogs, clock, random, timings, LocalRunMode.simulated());
  }

  /**
   * @param client a client of the cluster's API server; owned by the caller, who closes it after
   *     this operator
   * @param podLogs where the pods' logs go, read by the cluster's API server
   * @param timings the steps of simulated runs, and how long events outlive their application
   * @param mode simulated or real Spark runs
   */
  LocalSparkOperator(
      String clusterId,
      KubernetesClient client,
      PodLogs podLogs,
      Clock clock,
      Random random,
      SimulationTimings timings,
      LocalRunMode mode) {
    this.clusterId = requireNonNull(clusterId, "clusterId is null");
    requireNonNull(client, "client is null");
    this.podLogs = requireNonNull(podLogs, "podLogs is null");
    this.timings = requireNonNull(timings, "timings is null");
    this.mode = requireNonNull(mode, "mode is null");
    this.writer = new ClusterWriter(client, clock, random);
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(THREADS, daemonThreads("local-operator-" + clusterId));
    // A cancelled step (the application was deleted) would otherwise stay queued until its time
    // comes.
    executor.setRemoveOnCancelPolicy(true);
    this.scheduler = executor;
    this.context = new RunContext(writer, podLogs, clock, random, scheduler, timings);
    this.informer =
        client
            .genericKubernetesResources(SparkApplicationResource.CONTEXT)
            .inAnyNamespace()
            .runnableInformer(0);
    informer.addEventHandler(new ApplicationEvents());
    if (mode instanceof LocalRunMode.RealSpark real) {
      this.slots = new JobSlots(real.settings().maxRunningJobs(), scheduler);
      this.driverProcesses = new DriverProcesses(DRIVER_STOP_GRACE);
      this.driverPodInformer =
          client
              .pods()
              .inAnyNamespace()
              .withLabel(SparkPods.ROLE_LABEL, "driver")
              .runnableInformer(0);
      driverPodInformer.addEventHandler(new DriverPodEvents());
    } else {
      this.slots = null;
      this.driverProcesses = null;
      this.driverPodInformer = null;
    }
  }

  /**
   * Starts watching; returns once the informers have listed the existing applications (and driver
   * pods).
   */
  void start() {
    if (mode instanceof LocalRunMode.ApiServersOnly) {
      return;
    }
    try {
      if (driverPodInformer != null) {
        driverPodInformer
            .start()
            .toCompletableFuture()
            .get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
      informer.start().toCompletableFuture().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while starting the local operator of " + clusterId, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "the local operator of " + clusterId + " could not start its informer", e);
    }
  }

  /**
   * Stops watching and running: driver JVMs are stopped (and waited for). Pods and logs stay as
   * they are.
   */
  @Override
  public void close() {
    informer.close();
    if (driverPodInformer != null) {
      driverPodInformer.close();
    }
    runsByUid.values().forEach(ApplicationRun::cancel);
    if (driverProcesses != null) {
      driverProcesses.close();
    }
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("The local operator of {} did not stop within 5 s", clusterId);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void onAdded(GenericKubernetesResource application) {
    ApplicationRef app = ApplicationRef.of(application);
    JsonNode spec = mapper.valueToTree(application.getAdditionalProperties().get("spec"));
    JsonNode status = mapper.valueToTree(application.getAdditionalProperties().get("status"));
    spec = spec == null ? mapper.createObjectNode() : spec;
    status = status == null ? mapper.createObjectNode() : status;
    ApplicationRun run = newRun(app, spec);
    if (runsByUid.putIfAbsent(app.uid(), run) != null) {
      return;
    }
    ApplicationState state =
        ApplicationState.parse(status.path("applicationState").path("state").asText(""));
    // After a restart: an application that has ended is left alone (but for its time to live); one
    // in flight is driven on to completion.
    if (state == ApplicationState.NEW) {
      run.start();
    } else if (state.isTerminal()) {
      run.adoptTerminated(status);
    } else {
      run.resume(status);
    }
  }

  private ApplicationRun newRun(ApplicationRef app, JsonNode spec) {
    if (mode instanceof LocalRunMode.RealSpark real) {
      return new SparkProcessRun(app, spec, context, real.settings(), slots, driverProcesses);
    }
    return new SimulatedRun(app, spec, context);
  }

  /** The driver JVMs of this operator that are still running; for tests. */
  List<Process> driverProcesses() {
    return driverProcesses == null ? List.of() : driverProcesses.live();
  }

  private void onDriverPodDeleted(Pod pod) {
    String uid = pod.getMetadata().getLabels().get(SparkPods.APPLICATION_UID_LABEL);
    ApplicationRun run = uid == null ? null : runsByUid.get(uid);
    if (run != null) {
      run.driverPodDeleted();
    }
  }

  private void onDeleted(GenericKubernetesResource application) {
    ApplicationRef app = ApplicationRef.of(application);
    ApplicationRun run = runsByUid.remove(app.uid());
    try {
      scheduler.execute(
          () -> {
            if (run != null) {
              run.cancel();
            }
            cleanUp(app);
          });
    } catch (RejectedExecutionException e) {
      LOG.debug("The local operator of {} is closing; {} is not cleaned up", clusterId, app);
    }
  }

  /**
   * Removes what the run of a deleted application left. A real cluster's garbage collector deletes
   * the pods through their owner references; the mock has none, so the operator deletes them (by
   * the uid label it gave them), and closes their logs, which ends any follow stream.
   */
  private void cleanUp(ApplicationRef app) {
    try {
      writer.deletePods(app.namespace(), Map.of(SparkPods.APPLICATION_UID_LABEL, app.uid()));
    } catch (KubernetesClientException e) {
      LOG.warn("Deleting the pods of {} failed: {}", app, e.getMessage());
    }
    podLogs.removeApplication(app.uid());
    scheduler.schedule(
        () -> {
          try {
            writer.deleteEvents(app);
          } catch (KubernetesClientException e) {
            LOG.warn("Deleting the events of {} failed: {}", app, e.getMessage());
          }
        },
        timings.eventTimeToLive().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Informer callbacks run on the informer's own thread: they only register or forget runs and hand
   * everything that talks to the API server to the scheduler.
   */
  private final class ApplicationEvents implements ResourceEventHandler<GenericKubernetesResource> {
    @Override
    public void onAdd(GenericKubernetesResource application) {
      onAdded(application);
    }

    @Override
    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
      // The operator's own status writes; nothing to do.
    }

    @Override
    public void onDelete(GenericKubernetesResource application, boolean finalStateUnknown) {
      onDeleted(application);
    }
  }

  /** Only deletions matter: a real run stops its driver JVM when its driver pod goes. */
  private final class DriverPodEvents implements ResourceEventHandler<Pod> {
    @Override
    public void onAdd(Pod pod) {}

    @Override
    public void onUpdate(Pod before, Pod after) {}

    @Override
    public void onDelete(Pod pod, boolean finalStateUnknown) {
      onDriverPodDeleted(pod);
    }
  }
}

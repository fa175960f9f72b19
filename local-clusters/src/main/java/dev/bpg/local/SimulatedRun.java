package dev.bpg.local;

import static dev.bpg.local.ClusterWriter.EventType.NORMAL;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;

/**
 * The simulation of one {@code SparkApplication}, following the Kubeflow operator's state machine:
 * SUBMITTED (driver pod up), RUNNING (executor pods up), then COMPLETED or FAILED, and deletion
 * after {@code spec.timeToLiveSeconds}. Each step is a task on the cluster's scheduler that
 * schedules the next; all of them hold this object's lock, so a cancelled run takes no further
 * step.
 */
final class SimulatedRun implements ApplicationRun {

  static final String SIMULATION_NOTICE =
      "This is a simulated Spark run by the local operator of Batch Processing Gateway: no Spark"
          + " code runs.";

  private static final DateTimeFormatter SPARK_LOG_TIME =
      DateTimeFormatter.ofPattern("yy/MM/dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private final ApplicationRef app;
  private final JsonNode spec;
  private final RunContext context;
  private final ApplicationReports reports;
  private final RunSteps steps;

  // All guarded by this.
  private Future<?> progress;
  private RunPlan plan;
  private String sparkApplicationId;
  private String submissionId;
  private Pod driverPod;
  private Instant driverStartedAt;
  private PodLog driverLog;
  private final List<PodLog> executorLogs = new ArrayList<>();
  private int progressLines;

  SimulatedRun(ApplicationRef app, JsonNode spec, RunContext context) {
    this.app = requireNonNull(app, "app is null");
    this.spec = requireNonNull(spec, "spec is null");
    this.context = requireNonNull(context, "context is null");
    this.reports = new ApplicationReports(context.writer(), app);
    this.steps = new RunSteps(app, context, this, this::giveUp);
  }

  /** Starts the simulation of a new application. */
  @Override
  public synchronized void start() {
    steps.schedule(this::submit, context.timings().submitDelay());
  }

  /**
   * Drives on to completion an application that a previous operator submitted (it is SUBMITTED or
   * RUNNING): the driver pod is kept or re-created, the executors started and the run played in
   * full.
   */
  @Override
  public synchronized void resume(JsonNode status) {
    sparkApplicationId = textOr(status, "sparkApplicationId", newSparkApplicationId());
    submissionId = textOr(status, "submissionID", context.newSubmissionId());
    steps.schedule(this::restartDriver, context.timings().submitDelay());
  }

  /** Only honours the time to live of an application that has already terminated. */
  @Override
  public synchronized void adoptTerminated(JsonNode status) {
    scheduleDeletion(ApplicationReports.terminationTime(status, context.clock().instant()));
  }

  /**
   * Nothing at once: a later step that writes to the deleted pod, if one comes, fails, and the run
   * ends FAILED with the API server's message.
   */
  @Override
  public void driverPodDeleted() {}

  /**
   * Stops the simulation for good; a step in progress finishes first. Pods and logs are left to the
   * caller.
   */
  @Override
  public synchronized void cancel() {
    steps.cancel();
    stopFuture(progress);
  }

  // ---- the steps ----

  private void submit() {
    Instant now = context.clock().instant();
    reports.added();
    try {
      plan = RunPlan.parse(spec);
    } catch (InvalidSpecException e) {
      endAsFailed(e.getMessage(), now);
      return;
    }
    sparkApplicationId = newSparkApplicationId();
    submissionId = context.newSubmissionId();
    startDriver();
    reports.submitted(submissionId, now, Map.of("sparkApplicationId", sparkApplicationId));
    steps.schedule(this::startExecutors, context.timings().startUpDelay());
  }

  private void restartDriver() {
    try {
      plan = RunPlan.parse(spec);
    } catch (InvalidSpecException e) {
      endAsFailed(e.getMessage(), context.clock().instant());
      return;
    }
    startDriver();
    driverLine(
        "INFO", "SimulatedDriver: resumed by a restarted local operator; the run starts over.");
    steps.schedule(this::startExecutors, context.timings().startUpDelay());
  }

  private void startDriver() {
    driverLog = context.logs().open(app.namespace(), app.driverPodName(), app.uid());
    driverLog.append(new LogLine(context.clock().instant(), SIMULATION_NOTICE));
    driverLine(
        "INFO",
        "SimulatedDriver: application "
            + app.name()
            + " in namespace "
            + app.namespace()
            + ", Spark application id "
            + sparkApplicationId);
    driverLine("INFO", "SimulatedDriver: main class " + plan.mainClass().orElse("(none)"));
    driverLine("INFO", "SimulatedDriver: arguments " + plan.arguments());
    driverLine(
        "INFO",
        "SimulatedDriver: main application file " + plan.mainApplicationFile().orElse("(none)"));
    driverLine(
        "INFO",
        "SimulatedDriver: requesting "
            + plan.executorInstances()
            + " executor(s); the run will last "
            + SimulatedOutput.describe(plan.duration())
            + " and end "
            + plan.outcome());
    driverPod =
        context.writer().createPod(SparkPods.driver(app, plan, sparkApplicationId, submissionId));
    driverStartedAt = context.clock().instant();
    context
        .writer()
        .replacePodStatus(
            app.namespace(),
            app.driverPodName(),
            SparkPods.running(SparkPods.DRIVER_CONTAINER, plan.driver().image(), driverStartedAt));
    reports.driverScheduled(driverPod);
    reports.podEvent(
        driverPod, "kubelet", "Started", "Started container " + SparkPods.DRIVER_CONTAINER);
  }

  private void startExecutors() {
    Map<String, Object> executorState = new LinkedHashMap<>();
    for (int index = 1; index <= plan.executorInstances(); index++) {
      String name = app.executorPodName(index);
      PodLog log = context.logs().open(app.namespace(), name, app.uid());
      executorLogs.add(log);
      log.append(
          new LogLine(
              context.clock().instant(),
              "This is a simulated Spark executor of the local operator of Batch Processing"
                  + " Gateway: no Spark code runs."));
      executorLine(
          log, "INFO SimulatedExecutor: executor " + index + " started for " + sparkApplicationId);
      context
          .writer()
          .createPod(
              SparkPods.executor(app, plan, sparkApplicationId, submissionId, index, driverPod));
      context
          .writer()
          .replacePodStatus(
              app.namespace(),
              name,
              SparkPods.running(
                  SparkPods.EXECUTOR_CONTAINER,
                  plan.executor().image(),
                  context.clock().instant()));
      driverLine("INFO", "SimulatedDriver: registered executor " + index + " (pod " + name + ")");
      executorState.put(name, ApplicationState.RUNNING.name());
    }
    reports.running(Map.of("executorState", executorState));
    for (String executor : executorState.keySet()) {
      reports.event(NORMAL, "SparkExecutorRunning", "Executor " + executor + " is running");
    }
    Duration interval = SimulatedOutput.progressInterval(plan.duration());
    progress =
        context
            .scheduler()
            .scheduleAtFixedRate(
                () -> steps.step(this::writeProgress),
                interval.toNanos(),
                interval.toNanos(),
                NANOSECONDS);
    steps.schedule(this::finish, plan.duration());
  }

  private void writeProgress() {
    progressLines++;
    Duration elapsed =
        SimulatedOutput.progressInterval(plan.duration()).multipliedBy(progressLines);
    long percent = Math.min(99, elapsed.toMillis() * 100 / Math.max(1, plan.duration().toMillis()));
    driverLine(
        "INFO",
        "SimulatedDriver: simulated job "
            + percent
            + "% done ("
            + SimulatedOutput.describe(elapsed)
            + " of "
            + SimulatedOutput.describe(plan.duration())
            + ")");
    for (PodLog log : executorLogs) {
      executorLine(log, "INFO SimulatedExecutor: finished simulated task " + progressLines);
    }
  }

  private void finish() {
    stopFuture(progress);
    Instant end = context.clock().instant();
    boolean succeeded = plan.outcome() == RunPlan.Outcome.COMPLETED;
    for (int line = 1; line <= plan.logLines(); line++) {
      int executor = 1 + line % Math.max(1, executorLogs.size());
      driverLine("INFO", SimulatedOutput.taskFinished(line, plan.logLines(), executor));
      if (!executorLogs.isEmpty()) {
        executorLine(
            executorLogs.get(executor - 1), SimulatedOutput.taskRan(line, plan.logLines()));
      }
    }
    String errorMessage =
        "driver container failed with ExitCode: 1, Reason: Error (simulated failure requested by "
            + RunPlan.OUTCOME_PROPERTY
            + ")";
    if (succeeded) {
      if (plan.mainClass().filter(mainClass -> mainClass.endsWith("SparkPi")).isPresent()) {
        // SparkPi prints its estimate with println, so without a log4j prefix.
        driverLog.append(
            new LogLine(end, "Pi is roughly " + SimulatedOutput.estimatePi(context.random())));
      }
      driverLine(
          "INFO",
          "SimulatedDriver: simulated run finished; the application completed successfully.");
    } else {
      driverLine(
          "ERROR",
          "SimulatedDriver: simulated failure requested by "
              + RunPlan.OUTCOME_PROPERTY
              + "; exit code 1");
    }
    stopExecutors(end, succeeded);
    context
        .writer()
        .replacePodStatus(
            app.namespace(),
            app.driverPodName(),
            SparkPods.terminated(
                SparkPods.DRIVER_CONTAINER,
                plan.driver().image(),
                driverStartedAt,
                end,
                succeeded));
    driverLog.close();
    // The run may be kept until the application is deleted; let go of what is no longer needed.
    driverPod = null;
    String endState = (succeeded ? ApplicationState.COMPLETED : ApplicationState.FAILED).name();
    Map<String, Object> executorState = new LinkedHashMap<>();
    for (int index = 1; index <= plan.executorInstances(); index++) {
      executorState.put(app.executorPodName(index), endState);
    }
    reports.ended(succeeded, errorMessage, end, Map.of("executorState", executorState));
    scheduleDeletion(end);
  }

  /**
   * Spark deletes its executor pods when the driver stops, or with {@code
   * deleteOnTermination=false} leaves them terminated until the application is deleted.
   */
  private void stopExecutors(Instant end, boolean succeeded) {
    for (PodLog log : executorLogs) {
      executorLine(log, "INFO SimulatedExecutor: driver commanded a shutdown");
      log.close();
    }
    executorLogs.clear();
    if (!plan.keepExecutorPods()) {
      context
          .writer()
          .deletePods(
              app.namespace(),
              Map.of(SparkPods.APPLICATION_UID_LABEL, app.uid(), SparkPods.ROLE_LABEL, "executor"));
    }
    for (int index = 1; index <= plan.executorInstances(); index++) {
      String pod = app.executorPodName(index);
      if (plan.keepExecutorPods()) {
        context
            .writer()
            .replacePodStatus(
                app.namespace(),
                pod,
                SparkPods.terminated(
                    SparkPods.EXECUTOR_CONTAINER,
                    plan.executor().image(),
                    driverStartedAt,
                    end,
                    succeeded));
      } else {
        context.logs().remove(app.namespace(), pod);
      }
    }
  }

  private void giveUp(RuntimeException cause) {
    steps.endAfterFailure(cause, "Simulating", this::endAsFailed);
  }

  /** Ends the application as FAILED: its spec cannot run, or the operator failed on it. */
  private void endAsFailed(String errorMessage, Instant now) {
    stopFuture(progress);
    reports.failed(errorMessage, now, submissionId == null);
    if (driverLog != null) {
      driverLine("ERROR", "SimulatedDriver: " + errorMessage);
      driverLog.close();
    }
    // Pods left behind go with the application; their logs end now, so that no follower waits for
    // ever.
    executorLogs.forEach(PodLog::close);
    executorLogs.clear();
    scheduleDeletion(now);
  }

  private void scheduleDeletion(Instant terminatedAt) {
    Optional<Duration> timeToLive;
    try {
      timeToLive = plan != null ? plan.timeToLive() : RunPlan.timeToLive(spec);
    } catch (InvalidSpecException e) {
      // Already reported as the reason the application failed; without a valid value it is simply
      // kept.
      return;
    }
    steps.deleteAfter(terminatedAt, timeToLive);
  }

  // ---- small parts ----

  private void driverLine(String level, String message) {
    Instant now = context.clock().instant();
    driverLog.append(new LogLine(now, SPARK_LOG_TIME.format(now) + " " + level + " " + message));
  }

  private void executorLine(PodLog log, String message) {
    Instant now = context.clock().instant();
    log.append(new LogLine(now, SPARK_LOG_TIME.format(now) + " " + message));
  }

  private String newSparkApplicationId() {
    byte[] bytes = new byte[16];
    context.random().nextBytes(bytes);
    return "spark-" + HexFormat.of().formatHex(bytes);
  }

  private static String textOr(JsonNode node, String field, String fallback) {
    return node.hasNonNull(field) ? node.get(field).asText() : fallback;
  }

  private static void stopFuture(Future<?> future) {
    if (future != null) {
      future.cancel(false);
    }
  }
}

package dev.bpg.local;

import static dev.bpg.local.ClusterWriter.EventType.NORMAL;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code SparkApplication} run as a real Spark job in local mode, in a driver JVM that is a
 * child of this one. SUBMITTED once the driver pod exists, while the job waits for one of the
 * cluster's {@link JobSlots}; RUNNING when the driver JVM starts; COMPLETED when it exits with 0
 * and FAILED otherwise, with the end of its error output as the reason. The driver's standard
 * output and error are the driver pod's log, line by line as they come. Deleting the application or
 * its driver pod stops the JVM.
 *
 * <p>Each step runs on the cluster's scheduler and holds this object's lock, so a cancelled run
 * takes no further step; two threads per driver read its output.
 */
final class SparkProcessRun implements ApplicationRun {

  private static final Logger LOG = LoggerFactory.getLogger(SparkProcessRun.class);
  private static final String LOG_SOURCE = "LocalSparkOperator";
  private static final DateTimeFormatter SPARK_LOG_TIME =
      DateTimeFormatter.ofPattern("yy/MM/dd HH:mm:ss").withZone(ZoneOffset.UTC);

  /**
   * How long the output of an exited driver may take to drain (a leftover child could hold the pipe
   * open).
   */
  private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(5);

  private final ApplicationRef app;
  private final JsonNode spec;
  private final RunContext context;
  private final LocalSparkSettings settings;
  private final JobSlots slots;
  private final DriverProcesses processes;
  private final DriverErrors errors = new DriverErrors();
  private final ApplicationReports reports;
  private final RunSteps steps;

  // All guarded by this.
  private boolean ended;
  private boolean resumed;
  private boolean driverPodGone;
  private SparkJob job;
  private RunPlan.PodPlan driverPlan;
  private String submissionId;
  private String sparkApplicationId;
  private PodLog driverLog;
  private Process process;
  private Instant driverStartedAt;
  private String stopReason;

  SparkProcessRun(
      ApplicationRef app,
      JsonNode spec,
      RunContext context,
      LocalSparkSettings settings,
      JobSlots slots,
      DriverProcesses processes) {
    this.app = requireNonNull(app, "app is null");
    this.spec = requireNonNull(spec, "spec is null");
    this.context = requireNonNull(context, "context is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.slots = requireNonNull(slots, "slots is null");
    this.processes = requireNonNull(processes, "processes is null");
    this.reports = new ApplicationReports(context.writer(), app);
    this.steps = new RunSteps(app, context, this, this::giveUp);
  }

  @Override
  public synchronized void start() {
    steps.schedule(this::submit, Duration.ZERO);
  }

  /**
   * The driver JVM of the previous operator stopped with it, so the job starts over: it waits for a
   * slot again and runs from the beginning, keeping its submission ID.
   */
  @Override
  public synchronized void resume(JsonNode status) {
    resumed = true;
    submissionId = status.hasNonNull("submissionID") ? status.get("submissionID").asText() : null;
    steps.schedule(this::submit, Duration.ZERO);
  }

  @Override
  public synchronized void adoptTerminated(JsonNode status) {
    ended = true;
    scheduleDeletion(ApplicationReports.terminationTime(status, context.clock().instant()));
  }

  @Override
  public void driverPodDeleted() {
    if (!steps.afterwards(this::onDriverPodDeleted)) {
      LOG.debug(
          "The local operator is closing; the deletion of the driver pod of {} is not handled",
          app);
    }
  }

  @Override
  public synchronized void cancel() {
    steps.cancel();
    slots.release(app.uid());
    if (process != null && process.isAlive()) {
      processes.stop(process);
    }
  }

  // ---- the steps ----

  private void submit() {
    Instant now = context.clock().instant();
    if (!resumed) {
      reports.added();
    }
    try {
      driverPlan = RunPlan.driverPlan(spec);
      job = SparkJob.from(spec, settings);
    } catch (InvalidSpecException e) {
      endAsFailed(e.getMessage(), now);
      return;
    }
    if (submissionId == null) {
      submissionId = context.newSubmissionId();
    }
    Pod driverPod =
        context
            .writer()
            .createPod(SparkPods.driver(app, driverPlan, Optional.empty(), submissionId));
    context
        .writer()
        .replacePodStatus(
            app.namespace(),
            app.driverPodName(),
            SparkPods.pending(SparkPods.DRIVER_CONTAINER, driverPlan.image()));
    reports.submitted(submissionId, now, Map.of());
    reports.driverScheduled(driverPod);
    // A pending pod has no log yet, as on a real cluster; the event says why the job waits.
    if (!slots.request(app.uid(), () -> steps.step(this::launch))) {
      reports.event(
          NORMAL,
          "SparkApplicationWaiting",
          "SparkApplication "
              + app.name()
              + " is waiting for a free job slot: this local cluster runs "
              + settings.maxRunningJobs()
              + " Spark job(s) at once");
    }
  }

  private void launch() {
    if (ended) {
      slots.release(app.uid());
      return;
    }
    Instant now = context.clock().instant();
    driverLog = context.logs().open(app.namespace(), app.driverPodName(), app.uid());
    List<String> description = job.describe(settings.runtime());
    operatorLine(
        "INFO",
        "Local operator of Batch Processing Gateway: application "
            + app
            + " "
            + description.get(0));
    description.stream().skip(1).forEach(line -> operatorLine("INFO", line));
    if (resumed) {
      operatorLine("INFO", "resumed by a restarted local operator; the job starts over");
    }
    List<String> command = job.command(DriverProcesses.currentJava(), settings.runtime(), app);
    operatorLine("INFO", "driver command: " + String.join(" ", Redaction.commandLine(command)));
    Process started;
    try {
      started = processes.start(command, Map.of("SPARK_LOCAL_IP", "127.0.0.1"));
    } catch (IOException e) {
      slots.release(app.uid());
      endAsFailed("the driver JVM could not start: " + e.getMessage(), now);
      return;
    }
    process = started;
    driverStartedAt = context.clock().instant();
    operatorLine("INFO", "driver JVM started, pid " + started.pid());
    context
        .writer()
        .replacePodStatus(
            app.namespace(),
            app.driverPodName(),
            SparkPods.running(SparkPods.DRIVER_CONTAINER, driverPlan.image(), driverStartedAt));
    reports.running(Map.of());

    PodLog log = driverLog;
    CompletableFuture<Void> output =
        readLines(started.getInputStream(), "stdout", line -> log.append(line(line)));
    CompletableFuture<Void> errorOutput =
        readLines(
            started.getErrorStream(),
            "stderr",
            line -> {
              log.append(line(line));
              errors.add(line);
              Matcher id = SparkRuntime.APPLICATION_ID_LINE.matcher(line);
              if (id.matches()) {
                String sparkId = id.group(1);
                steps.afterwards(() -> recordApplicationId(sparkId));
              }
            });
    started
        .onExit()
        .thenCompose(
            exited ->
                CompletableFuture.allOf(output, errorOutput)
                    .completeOnTimeout(null, OUTPUT_DRAIN.toMillis(), TimeUnit.MILLISECONDS))
        .whenComplete(
            (ignored, error) -> {
              if (!steps.afterwards(() -> finish(started))) {
                slots.release(app.uid());
              }
            });
  }

  private void recordApplicationId(String id) {
    if (ended) {
      return;
    }
    sparkApplicationId = id;
    context.writer().patchApplicationStatus(app, Map.of("sparkApplicationId", id));
  }

  private void finish(Process exited) {
    slots.release(app.uid());
    if (ended || exited != process) {
      return;
    }
    Instant end = context.clock().instant();
    int exitCode = exited.exitValue();
    boolean succeeded = exitCode == 0 && stopReason == null;
    String errorMessage =
        stopReason != null
            ? stopReason
            : "driver exited with code "
                + exitCode
                + errors.reason().map(reason -> ": " + reason).orElse("");
    operatorLine(
        succeeded ? "INFO" : "ERROR",
        "driver JVM exited with code "
            + exitCode
            + (stopReason != null ? " (" + stopReason + ")" : ""));
    driverLog.close();
    if (!driverPodGone) {
      context
          .writer()
          .replacePodStatus(
              app.namespace(),
              app.driverPodName(),
              SparkPods.terminated(
                  SparkPods.DRIVER_CONTAINER, driverPlan.image(), driverStartedAt, end, exitCode));
    }
    ended = true;
    reports.ended(
        succeeded,
        errorMessage,
        end,
        sparkApplicationId != null ? Map.of("sparkApplicationId", sparkApplicationId) : Map.of());
    scheduleDeletion(end);
  }

  private void onDriverPodDeleted() {
    if (ended) {
      return;
    }
    driverPodGone = true;
    String reason = "the driver pod " + app.driverPodName() + " was deleted";
    if (process != null) {
      // finish() reports the end once the JVM has exited.
      stopReason = reason;
      processes.stop(process);
    } else {
      slots.release(app.uid());
      endAsFailed(reason, context.clock().instant());
    }
  }

  /** Ends the application as FAILED: its spec cannot run here, or the operator failed on it. */
  private void endAsFailed(String errorMessage, Instant now) {
    ended = true;
    reports.failed(errorMessage, now, submissionId == null);
    if (driverLog != null) {
      operatorLine("ERROR", errorMessage);
      driverLog.close();
    }
    scheduleDeletion(now);
  }

  private void scheduleDeletion(Instant terminatedAt) {
    try {
      steps.deleteAfter(terminatedAt, RunPlan.timeToLive(spec));
    } catch (InvalidSpecException e) {
      // Without a valid value the application is simply kept.
    }
  }

  private void giveUp(RuntimeException cause) {
    if (process != null && process.isAlive()) {
      processes.stop(process);
    }
    slots.release(app.uid());
    if (ended) {
      LOG.warn("After the end of {}: {}", app, RunSteps.reasonOf(cause));
      return;
    }
    steps.endAfterFailure(cause, "Running", this::endAsFailed);
  }

  // ---- small parts ----

  /** Reads a stream of the driver line by line on a thread of its own; completes at its end. */
  private CompletableFuture<Void> readLines(
      InputStream stream, String name, Consumer<String> onLine) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  onLine.accept(line);
                }
              } catch (IOException e) {
                // The driver was killed: its output ends here.
                LOG.debug(
                    "Reading the {} of the driver of {} ended: {}", name, app, e.getMessage());
              } finally {
                done.complete(null);
              }
            },
            "local-spark-" + app.name() + "-" + name);
    reader.setDaemon(true);
    reader.start();
    return done;
  }

  private LogLine line(String text) {
    return new LogLine(context.clock().instant(), text);
  }

  /**
   * A line of the local operator in the driver's log, in Spark's log layout so that it reads like
   * the rest.
   */
  private void operatorLine(String level, String message) {
    Instant now = context.clock().instant();
    driverLog.append(
        new LogLine(
            now, SPARK_LOG_TIME.format(now) + " " + level + " " + LOG_SOURCE + ": " + message));
  }
}

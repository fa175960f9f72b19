package dev.bpg.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./bpg submit FILE}: submits a request (JSON or YAML), prints the submission ID, and with
 * {@code --wait} shows the state as it changes and exits 0 on COMPLETED, 1 on FAILED or
 * SUBMISSION_FAILED, 3 when {@code --timeout} passes first; {@code --follow-logs} prints the
 * driver's log as it runs.
 */
@Command(
    name = "submit",
    description = "Submits a Spark application from a JSON or YAML file; prints its ID.",
    footer = {
      "",
      "Exit codes: 0 submitted (with --wait: COMPLETED), 1 FAILED or SUBMISSION_FAILED,",
      "2 a usage or connection error or a refused request, 3 --timeout passed."
    })
final class SubmitCommand implements Callable<Integer> {
  static final int FAILED = 1;
  static final int TIMED_OUT = 3;
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final char[] SPINNER = {'|', '/', '-', '\\'};
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

  @ParentCommand BpgClientCommand root;

  @Parameters(paramLabel = "FILE", description = "the request, JSON or YAML (- for standard input)")
  Path file;

  @Option(names = "--queue", description = "the queue, instead of the file's")
  String queue;

  @Option(
      names = "--conf",
      paramLabel = "KEY=VALUE",
      description = "a Spark property added to sparkConf (repeatable)")
  List<String> conf = new ArrayList<>();

  @Option(
      names = "--idempotency-key",
      paramLabel = "KEY",
      description = "a repeat with the same key and request creates nothing new")
  String idempotencyKey;

  @Option(names = "--wait", description = "wait for the end, showing the state as it changes")
  boolean wait;

  @Option(
      names = "--follow-logs",
      description = "print the driver's log while it runs (implies --wait)")
  boolean followLogs;

  @Option(
      names = "--dry-run",
      description = "every check and what would happen (queue, cluster, spec), creating nothing")
  boolean dryRun;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "with --wait: give up after this long (30m, 2h), exit code 3")
  String timeout;

  @Override
  public Integer call() throws InterruptedException {
    ObjectNode request = request();
    GatewayClient client = root.client();
    List<String> headers = new ArrayList<>();
    if (idempotencyKey != null) {
      headers.add("Idempotency-Key");
      headers.add(idempotencyKey);
    }
    JsonNode answer =
        client.post(
            "/spark" + (dryRun ? "?dryRun=true" : ""),
            HttpRequest.BodyPublishers.ofString(request.toString()),
            "application/json",
            headers.toArray(String[]::new));
    Output out = root.output();
    if (dryRun) {
      out.raw(answer);
      return 0;
    }
    String id = answer.path("submissionId").asText();
    out.plainOrRaw(root.output == null, answer, id);
    if (!wait && !followLogs) {
      return 0;
    }
    return awaitEnd(client, id);
  }

  private ObjectNode request() {
    JsonNode parsed;
    try {
      parsed =
          file.toString().equals("-") ? YAML.readTree(System.in) : YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw ClientException.usage("cannot read " + file + ": " + firstLine(e.getMessage()));
    }
    if (!(parsed instanceof ObjectNode request)) {
      throw ClientException.usage(file + " does not hold a request (a JSON or YAML object)");
    }
    if (queue != null) {
      request.put("queue", queue);
    }
    for (String property : conf) {
      int equals = property.indexOf('=');
      if (equals < 1) {
        throw ClientException.usage("--conf must be KEY=VALUE, not " + property);
      }
      JsonNode sparkConf = request.get("sparkConf");
      ObjectNode target =
          sparkConf instanceof ObjectNode existing ? existing : request.putObject("sparkConf");
      target.put(property.substring(0, equals), property.substring(equals + 1));
    }
    return request;
  }

  /** Polls the status until the end; the exit code. */
  private int awaitEnd(GatewayClient client, String id) throws InterruptedException {
    ClientEnvironment environment = root.environment;
    PrintStream progress = environment.err();
    Instant started = environment.clock().instant();
    Duration limit = timeout == null ? null : ListCommand.parseSince(timeout);
    String last = null;
    boolean logsShown = false;
    int tick = 0;
    while (true) {
      JsonNode status = client.get("/spark/" + GatewayClient.path(id) + "/status");
      String state = status.path("applicationState").asText("UNKNOWN");
      Instant now = environment.clock().instant();
      if (!state.equals(last)) {
        if (environment.terminal() && last != null) {
          progress.println();
        }
        if (!environment.terminal()) {
          progress.println(CLOCK.format(now.atZone(ZoneId.systemDefault())) + " " + state);
        }
        last = state;
      }
      if (environment.terminal()) {
        progress.print(
            "\r"
                + SPINNER[tick++ % SPINNER.length]
                + " "
                + id
                + " "
                + state
                + " "
                + Output.span(Duration.between(started, now))
                + "   ");
        progress.flush();
      }
      if (LogsCommand.TERMINAL.contains(state)) {
        if (environment.terminal()) {
          progress.println();
        }
        String error = status.path("applicationErrorMessage").asText("");
        if (!error.isBlank()) {
          progress.println(state + ": " + error);
        }
        return state.equals("COMPLETED") ? 0 : FAILED;
      }
      if (followLogs && !logsShown && state.equals("RUNNING")) {
        logsShown = true;
        if (environment.terminal()) {
          progress.println();
        }
        // Follows until the driver's pod ends; the state is read again after it.
        LogsCommand.print(client, id, null, true, environment);
        continue;
      }
      if (limit != null && Duration.between(started, now).compareTo(limit) >= 0) {
        if (environment.terminal()) {
          progress.println();
        }
        progress.println(
            "bpg: " + id + " is still " + state + " after " + Output.span(limit) + "; giving up");
        return TIMED_OUT;
      }
      Thread.sleep(environment.pollInterval().toMillis());
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}

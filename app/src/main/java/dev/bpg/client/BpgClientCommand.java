package dev.bpg.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code ./bpg} as a client of a running gateway: submit, status, logs, kill, list, history,
 * clusters, upload and the completion scripts. The connection and the output format are options of
 * every command; the short commands are methods here, the longer ones classes of their own.
 */
@Command(
    name = "bpg",
    mixinStandardHelpOptions = true,
    description = "A client of Batch Processing Gateway.",
    subcommands = {SubmitCommand.class, LogsCommand.class, ListCommand.class})
public final class BpgClientCommand {
  /** The client commands, to tell them from the server commands of the same {@code ./bpg}. */
  static final Set<String> COMMANDS =
      Set.of(
          "submit",
          "status",
          "logs",
          "kill",
          "list",
          "history",
          "clusters",
          "upload",
          "completion");

  @Spec CommandSpec spec;

  @Option(
      names = "--url",
      scope = ScopeType.INHERIT,
      description =
          "the gateway with its context path (default: $BPG_URL, the profile's, or "
              + Connection.DEFAULT_URL
              + ")")
  String url;

  @Option(
      names = {"-u", "--user"},
      scope = ScopeType.INHERIT,
      description =
          "the user (default: $BPG_USER or the profile's); the password comes from"
              + " $BPG_PASSWORD, the profile, or a prompt on a terminal, never from a flag")
  String user;

  @Option(
      names = "--profile",
      scope = ScopeType.INHERIT,
      description = "a profile of ~/.config/bpg/config.yaml (default: $BPG_PROFILE or its current)")
  String profile;

  @Option(
      names = {"-o", "--output"},
      scope = ScopeType.INHERIT,
      paramLabel = "table|json|yaml",
      description = "the output of reads (default: table on a terminal, json otherwise)")
  String output;

  final ClientEnvironment environment;

  BpgClientCommand(ClientEnvironment environment) {
    this.environment = environment;
  }

  /** Runs a client command line; the exit code. */
  public static int run(String[] args, ClientEnvironment environment) {
    CommandLine line = commandLine(environment);
    return line.execute(args);
  }

  /** The client commands with their descriptions, for {@code ./bpg --help}. */
  public static String commandList() {
    CommandLine line = new CommandLine(new BpgClientCommand(ClientEnvironment.system()));
    StringBuilder text =
        new StringBuilder(
            "Client commands, for a running gateway (./bpg COMMAND --help for each; the connection"
                + " from --url/--user, BPG_URL, BPG_USER, BPG_PASSWORD, BPG_TOKEN or a profile of"
                + " ~/.config/bpg/config.yaml):\n");
    line.getSubcommands()
        .forEach(
            (name, command) ->
                text.append(String.format(Locale.ROOT, "  %-11s", name))
                    .append(command.getCommandSpec().usageMessage().description()[0])
                    .append('\n'));
    return text.toString();
  }

  public static boolean isClientCommand(String name) {
    return COMMANDS.contains(name);
  }

  static CommandLine commandLine(ClientEnvironment environment) {
    CommandLine line = new CommandLine(new BpgClientCommand(environment));
    line.setOut(new PrintWriter(environment.out(), true));
    line.setErr(new PrintWriter(environment.err(), true));
    line.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof ClientException failure) {
            environment.err().println("bpg: " + failure.getMessage());
            return failure.exitCode();
          }
          environment.err().println("bpg: " + e);
          return ClientException.USAGE;
        });
    line.setParameterExceptionHandler(
        (e, args) -> {
          environment.err().println("bpg: " + e.getMessage());
          environment
              .err()
              .println("Try './bpg " + e.getCommandLine().getCommandName() + " --help'.");
          return ClientException.USAGE;
        });
    return line;
  }

  GatewayClient client() {
    return new GatewayClient(Connection.resolve(url, user, profile, environment));
  }

  Output output() {
    return new Output(
        Output.parse(output, environment.terminal()),
        environment.out(),
        environment.clock().instant(),
        ZoneId.systemDefault());
  }

  @Command(name = "status", description = "A submission's state, times, attempts and links.")
  int status(@Parameters(paramLabel = "ID", description = "the submission ID") String id) {
    JsonNode status = client().get("/spark/" + GatewayClient.path(id) + "/status");
    Output out = output();
    out.fields(
        status,
        List.of(
            new Output.Column("Submission", row -> id),
            new Output.Column("State", row -> Output.text(row, "applicationState")),
            new Output.Column("Error", row -> Output.text(row, "applicationErrorMessage")),
            new Output.Column("Spark app", row -> Output.text(row, "sparkApplicationId")),
            new Output.Column("Attempts", row -> Output.text(row, "executionAttempts")),
            new Output.Column("Created", row -> out.time(row, "creationTime")),
            new Output.Column("Ended", row -> out.time(row, "terminationTime")),
            new Output.Column("Duration", row -> Output.millis(row, "duration")),
            new Output.Column("Spark UI", row -> Output.text(row, "sparkUIUrl")),
            new Output.Column("History", row -> Output.text(row, "historyServerUrl"))));
    return 0;
  }

  @Command(name = "kill", description = "Stops a submission: its SparkApplication is deleted.")
  int kill(@Parameters(paramLabel = "ID", description = "the submission ID") String id) {
    JsonNode answer = client().delete("/spark/" + GatewayClient.path(id));
    output().plainOrRaw(output == null, answer, "killed " + id);
    return 0;
  }

  @Command(
      name = "history",
      description = "A submission's state transitions and its create attempts.")
  int history(@Parameters(paramLabel = "ID", description = "the submission ID") String id) {
    JsonNode history = client().get("/spark/" + GatewayClient.path(id) + "/history");
    Output out = output();
    out.rows(
        history,
        history.path("transitions"),
        List.of(
            new Output.Column("TIME", row -> out.time(row, "time")),
            new Output.Column("STATE", row -> Output.text(row, "state")),
            new Output.Column("SOURCE", row -> Output.text(row, "source")),
            new Output.Column("MESSAGE", row -> Output.text(row, "message"))));
    if (out.isTable() && history.path("attempts").size() > 0) {
      environment.out().println();
      out.rows(
          history,
          history.path("attempts"),
          List.of(
              new Output.Column("ATTEMPT", row -> Output.text(row, "sequence")),
              new Output.Column("CLUSTER", row -> Output.text(row, "cluster")),
              new Output.Column("TIME", row -> out.time(row, "time")),
              new Output.Column("OUTCOME", row -> Output.text(row, "outcome")),
              new Output.Column("MESSAGE", row -> Output.text(row, "message"))));
    }
    return 0;
  }

  @Command(
      name = "clusters",
      description = "Every cluster's health and why, weight and load against its limits (admins).")
  int clusters() {
    JsonNode answer = client().get("/admin/clusters");
    Output out = output();
    out.rows(
        answer,
        answer.path("clusters"),
        List.of(
            new Output.Column("CLUSTER", row -> Output.text(row, "id")),
            new Output.Column("HEALTH", row -> Output.text(row, "health")),
            new Output.Column("SINCE", row -> out.ago(row, "healthSince")),
            new Output.Column("WEIGHT", row -> Output.text(row, "weight")),
            new Output.Column("RUNNING", row -> limited(row, "running", "maxRunningApplications")),
            new Output.Column("PENDING", row -> limited(row, "pending", "maxPendingApplications")),
            new Output.Column("QUEUED", row -> Output.text(row, "queued")),
            new Output.Column("QUEUES", row -> joined(row.path("queues"))),
            new Output.Column("WHY", row -> Output.text(row, "healthReason"))));
    return 0;
  }

  @Command(
      name = "upload",
      description = "Uploads a jar or file; prints the s3a:// URL for mainApplicationFile or deps.")
  int upload(
      @Parameters(paramLabel = "FILE", description = "the file") Path file,
      @Option(names = "--folder", description = "the folder under the storage prefix")
          String folder,
      @Option(names = "--name", description = "the object's name (default: the file's)")
          String name) {
    if (!Files.isRegularFile(file)) {
      throw ClientException.usage("no such file: " + file);
    }
    HttpRequest.BodyPublisher body;
    try {
      body = HttpRequest.BodyPublishers.ofFile(file);
    } catch (FileNotFoundException e) {
      throw ClientException.usage("cannot read " + file);
    }
    String objectName = name == null ? file.getFileName().toString() : name;
    JsonNode answer =
        client()
            .post(
                "/s3/"
                    + GatewayClient.path(objectName)
                    + GatewayClient.query(GatewayClient.parameters("folder", folder)),
                body,
                "application/octet-stream");
    output().plainOrRaw(output == null, answer, answer.path("url").asText());
    return 0;
  }

  @Command(
      name = "completion",
      description =
          "Prints the completion script for bash or zsh, e.g. source <(./bpg completion bash).")
  int completion(@Parameters(paramLabel = "bash|zsh", description = "the shell") String shell) {
    String script = AutoComplete.bash("bpg", spec.commandLine());
    switch (shell) {
      case "bash" -> environment.out().print(script);
      case "zsh" -> {
        environment.out().println("autoload -U +X compinit && compinit");
        environment.out().println("autoload -U +X bashcompinit && bashcompinit");
        environment.out().print(script);
      }
      default ->
          throw ClientException.usage("completion scripts are for bash and zsh, not " + shell);
    }
    return 0;
  }

  private static String limited(JsonNode row, String count, String limit) {
    String value = Output.text(row, count);
    String max = Output.text(row, limit);
    return max == null ? value : value + "/" + max;
  }

  private static String joined(JsonNode list) {
    StringBuilder text = new StringBuilder();
    list.forEach(item -> text.append(text.length() == 0 ? "" : ",").append(item.asText()));
    return text.toString();
  }
}

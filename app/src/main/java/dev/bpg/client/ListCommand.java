package dev.bpg.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ./bpg list}: submissions, newest first, filtered as the history search filters. */
@Command(name = "list", description = "Submissions, newest first (yours; an admin's: everyone's).")
final class ListCommand implements Callable<Integer> {
  @ParentCommand BpgClientCommand root;

  @Option(names = "--state", description = "such as RUNNING, COMPLETED or FAILED")
  String state;

  @Option(names = "--queue", description = "the queue")
  String queue;

  @Option(names = "--cluster", description = "the cluster ID")
  String cluster;

  @Option(names = "--owner", description = "whose submissions (admins; yours otherwise)")
  String owner;

  @Option(names = "--name", description = "the application name")
  String name;

  @Option(names = "--since", description = "created within this long: 30m, 2h, 7d")
  String since;

  @Option(names = "--limit", description = "at most this many (default 50)", defaultValue = "50")
  int limit;

  @Override
  public Integer call() {
    if (limit < 1 || limit > 1000) {
      throw ClientException.usage("--limit must be between 1 and 1000");
    }
    String from =
        since == null
            ? null
            : root.environment.clock().instant().minus(parseSince(since)).toString();
    JsonNode answer =
        root.client()
            .get(
                "/submissions"
                    + GatewayClient.query(
                        GatewayClient.parameters(
                            "state",
                            state == null ? null : state.toUpperCase(Locale.ROOT),
                            "queue",
                            queue,
                            "cluster",
                            cluster,
                            "user",
                            owner,
                            "name",
                            name,
                            "from",
                            from,
                            "limit",
                            Integer.toString(limit))));
    Output out = root.output();
    out.rows(
        answer,
        answer.path("submissions"),
        List.of(
            new Output.Column("SUBMISSION", row -> Output.text(row, "submissionId")),
            new Output.Column("NAME", row -> Output.text(row, "applicationName")),
            new Output.Column("STATE", row -> Output.text(row, "applicationState")),
            new Output.Column("USER", row -> Output.text(row, "user")),
            new Output.Column("QUEUE", row -> Output.text(row, "queue")),
            new Output.Column("CLUSTER", row -> Output.text(row, "cluster")),
            new Output.Column("CREATED", row -> out.ago(row, "creationTime")),
            new Output.Column("DURATION", row -> Output.millis(row, "duration"))));
    return 0;
  }

  /** {@code 90s}, {@code 30m}, {@code 2h}, {@code 7d}, or an ISO-8601 duration. */
  static Duration parseSince(String value) {
    String text = value.strip().toLowerCase(Locale.ROOT);
    try {
      if (text.matches("\\d{1,9}[smhd]")) {
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
          case 's' -> Duration.ofSeconds(amount);
          case 'm' -> Duration.ofMinutes(amount);
          case 'h' -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        };
      }
      return Duration.parse(value.strip());
    } catch (DateTimeParseException | ArithmeticException e) {
      throw ClientException.usage("--since must be a duration such as 30m, 2h or 7d, not " + value);
    }
  }
}

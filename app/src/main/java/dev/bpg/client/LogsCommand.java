package dev.bpg.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./bpg logs ID [-f] [--executor N]}: the driver's log or an executor's, as it is now; with
 * {@code -f}, followed until the pod ends, waiting for it to start if it has not.
 */
@Command(name = "logs", description = "The driver's log, or an executor's; -f follows it.")
final class LogsCommand implements Callable<Integer> {
  /** The first words of the gateway's answer while the pod has not started. */
  static final String NOT_STARTED = "The log of this submission's pod is not available";

  static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "SUBMISSION_FAILED");

  @ParentCommand BpgClientCommand root;

  @Parameters(paramLabel = "ID", description = "the submission ID")
  String id;

  @Option(
      names = {"-f", "--follow"},
      description = "follow the log until the pod ends")
  boolean follow;

  @Option(names = "--executor", paramLabel = "N", description = "executor N's log")
  Integer executor;

  @Override
  public Integer call() throws InterruptedException {
    GatewayClient client = root.client();
    print(client, id, executor, follow, root.environment);
    return 0;
  }

  /**
   * Writes the log to the environment's output; following, waits for a pod that has not started and
   * ends when the pod does.
   */
  static void print(
      GatewayClient client,
      String id,
      Integer executor,
      boolean follow,
      ClientEnvironment environment)
      throws InterruptedException {
    String path =
        "/log"
            + GatewayClient.query(
                GatewayClient.parameters(
                    "subId",
                    id,
                    "execId",
                    executor == null ? null : executor.toString(),
                    "follow",
                    follow ? null : "false"));
    while (true) {
      byte[] start;
      try (InputStream log = client.stream(path)) {
        start = log.readNBytes(NOT_STARTED.length());
        boolean notStarted = new String(start, StandardCharsets.UTF_8).equals(NOT_STARTED);
        if (!notStarted || !follow || ended(client, id)) {
          OutputStream out = environment.out();
          out.write(start);
          log.transferTo(new FlushingOutput(out));
          out.flush();
          return;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Thread.sleep(environment.pollInterval().toMillis());
    }
  }

  private static boolean ended(GatewayClient client, String id) {
    JsonNode status = client.get("/spark/" + GatewayClient.path(id) + "/status");
    return TERMINAL.contains(status.path("applicationState").asText());
  }

  /** Lines reach the terminal as they arrive, not when a buffer fills. */
  private static final class FlushingOutput extends OutputStream {
    private final OutputStream out;

    FlushingOutput(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
      out.flush();
    }
  }
}

package dev.bpg.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bpg.bench.LocalObjectStore;
import dev.bpg.server.GatewayServer;
import dev.bpg.server.LocalGateways;
import dev.bpg.server.LocalGateways.Users;
import io.dropwizard.util.DataSize;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./bpg submit, status, logs, kill, list, history, clusters, upload, completion} against a
 * real gateway over HTTP with simulated runs: the exit codes of {@code --wait}, a log followed to
 * its end, list filters, a kill, a wrong password in one line, each output format parsed back,
 * profiles, and the completion script loaded by bash.
 */
class CommandLineClientIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static LocalObjectStore store;
  private static LocalGateways local;
  private static String url;
  private static Path dir;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("bpg-cli-");
    store = LocalObjectStore.start(LocalObjectStore.defaultModuleTarget(), dir.resolve("store"));
    local = LocalGateways.start("spark-cluster-a");
    GatewayServer gateway =
        local.startGateway(
            local
                .configuration(Users.of("demo", "admin").withAdmins("admin"))
                .withStorage(store.storageConfig(DataSize.mebibytes(20))));
    url = "http://127.0.0.1:" + gateway.port() + "/skatev2";
    Files.writeString(dir.resolve("pi.json"), LocalGateways.sparkPi("1s"));
    Files.writeString(
        dir.resolve("pi.yaml"),
        """
        applicationName: SparkPiYaml
        queue: dev
        sparkVersion: "3.5.0"
        mainApplicationFile: local:///usr/lib/spark/examples/jars/spark-examples.jar
        mainClass: org.apache.spark.examples.SparkPi
        arguments: ["100"]
        sparkConf: {spark.local.simulate.duration: 500ms}
        driver: {cores: 1, memory: 1g, serviceAccount: spark}
        executor: {instances: 1, cores: 1, memory: 1g}
        """);
  }

  @AfterAll
  static void stop() throws Exception {
    if (local != null) {
      local.close();
    }
    if (store != null) {
      store.close();
    }
  }

  /** One run of a client command: its exit code and what it printed. */
  record Run(int exit, String out, String err) {
    JsonNode json() throws Exception {
      return JSON.readTree(out);
    }
  }

  private static Run bpg(String user, String... args) {
    return bpg(Map.of("BPG_URL", url, "BPG_USER", user, "BPG_PASSWORD", user + "-pw"), args);
  }

  private static Run bpg(Map<String, String> variables, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ClientEnvironment environment =
        new ClientEnvironment(
            variables,
            dir.resolve("home"),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            false,
            Optional.empty(),
            Clock.systemUTC(),
            Duration.ofMillis(200));
    int exit = BpgClientCommand.run(args, environment);
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String submit(String... more) {
    String[] args = new String[more.length + 2];
    args[0] = "submit";
    args[1] = dir.resolve("pi.json").toString();
    System.arraycopy(more, 0, args, 2, more.length);
    Run run = bpg("demo", args);
    assertThat(run.exit()).as(run.err()).isZero();
    return run.out().strip();
  }

  @Test
  void submitWaitExitsZeroOnCompletedAndOneOnFailed() throws Exception {
    Run completed = bpg("demo", "submit", dir.resolve("pi.yaml").toString(), "--wait");
    assertThat(completed.exit()).as(completed.err()).isZero();
    String id = completed.out().strip();
    assertThat(id).matches("spark-cluster-a-[0-9a-f]{32}");
    assertThat(completed.err()).containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d COMPLETED$");

    Run failed =
        bpg(
            "demo",
            "submit",
            dir.resolve("pi.json").toString(),
            "--conf",
            "spark.local.simulate.outcome=FAILED",
            "--wait");
    assertThat(failed.exit()).as(failed.err()).isEqualTo(1);
    assertThat(failed.err()).containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d FAILED$");

    Run timedOut =
        bpg(
            "demo",
            "submit",
            dir.resolve("pi.json").toString(),
            "--conf",
            "spark.local.simulate.duration=60s",
            "--wait",
            "--timeout",
            "1s");
    assertThat(timedOut.exit()).as(timedOut.err()).isEqualTo(3);
    String running = timedOut.out().strip();
    assertThat(timedOut.err()).contains("bpg: " + running + " is still");

    Run killed = bpg("demo", "kill", running);
    assertThat(killed.exit()).as(killed.err()).isZero();
    assertThat(killed.out()).isEqualTo("killed " + running + "\n");
    JsonNode status = bpg("demo", "status", running, "-o", "json").json();
    assertThat(status.path("applicationState").asText()).isEqualTo("FAILED");
    assertThat(status.path("applicationErrorMessage").asText()).contains("killed by demo");
  }

  @Test
  void logsFollowTheDriverToItsEndAndFollowLogsShowsThemWhileWaiting() throws Exception {
    String id =
        submit(
            "--conf",
            "spark.local.simulate.duration=2s",
            "--conf",
            "spark.kubernetes.executor.deleteOnTermination=false");

    Run followed = bpg("demo", "logs", id, "-f");

    assertThat(followed.exit()).as(followed.err()).isZero();
    assertThat(followed.out())
        .contains("Pi is roughly 3.1")
        .endsWith("the application completed successfully.\n");
    Run executor = bpg("demo", "logs", id, "--executor", "1");
    assertThat(executor.exit()).as(executor.err()).isZero();
    assertThat(executor.out()).contains("executor 1 started").doesNotContain("Pi is roughly");

    Run both = bpg("demo", "submit", dir.resolve("pi.yaml").toString(), "--follow-logs");
    assertThat(both.exit()).as(both.err()).isZero();
    assertThat(both.out()).contains("Pi is roughly 3.1");
  }

  @Test
  void listFiltersAndEveryOutputFormatParsesBack() throws Exception {
    String id = submit("--wait");

    JsonNode completed = bpg("demo", "list", "--state", "completed", "-o", "json").json();
    assertThat(completed.path("submissions").findValuesAsText("applicationState"))
        .isNotEmpty()
        .containsOnly("COMPLETED");
    assertThat(completed.path("submissions").findValuesAsText("submissionId")).contains(id);
    JsonNode otherQueue = bpg("demo", "list", "--queue", "nightly", "-o", "json").json();
    assertThat(otherQueue.path("submissions")).isEmpty();
    JsonNode recent =
        YAML.readTree(bpg("demo", "list", "--since", "10m", "--limit", "1", "-o", "yaml").out());
    assertThat(recent.path("submissions")).hasSize(1);

    Run table = bpg("demo", "list", "--cluster", "spark-cluster-a", "-o", "table");
    List<String> lines = table.out().lines().toList();
    assertThat(lines.get(0).split("\\s+"))
        .containsExactly(
            "SUBMISSION", "NAME", "STATE", "USER", "QUEUE", "CLUSTER", "CREATED", "DURATION");
    String row = lines.stream().filter(line -> line.startsWith(id)).findFirst().orElseThrow();
    // Aligned: each value starts under its header.
    assertThat(row.indexOf("COMPLETED")).isEqualTo(lines.get(0).indexOf("STATE"));
    assertThat(row).containsPattern("\\d+s ago");

    JsonNode status = YAML.readTree(bpg("demo", "status", id, "-o", "yaml").out());
    assertThat(status.path("applicationState").asText()).isEqualTo("COMPLETED");
    Run fields = bpg("demo", "status", id, "-o", "table");
    assertThat(fields.out())
        .containsPattern("(?m)^State: +COMPLETED$")
        .containsPattern(
            "(?m)^Created: +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\(\\d+s ago\\)$");
    JsonNode history = bpg("demo", "history", id, "-o", "json").json();
    assertThat(history.path("transitions").findValuesAsText("state"))
        .contains("SUBMITTED", "RUNNING", "COMPLETED");
    assertThat(bpg("demo", "history", id, "-o", "table").out())
        .contains("TIME", "STATE", "SOURCE")
        .contains("COMPLETED");
  }

  @Test
  void clustersAreForAdminsAndAWrongPasswordIsOneLine() throws Exception {
    Run clusters = bpg("admin", "clusters", "-o", "table");
    assertThat(clusters.exit()).as(clusters.err()).isZero();
    assertThat(clusters.out()).containsPattern("(?m)^spark-cluster-a +HEALTHY ");
    JsonNode json = bpg("admin", "clusters", "-o", "json").json();
    assertThat(json.path("clusters").findValuesAsText("id")).containsExactly("spark-cluster-a");

    Run forbidden = bpg("demo", "clusters");
    assertThat(forbidden.exit()).isEqualTo(2);
    assertThat(forbidden.err()).startsWith("bpg: ").contains("HTTP 403").hasLineCount(1);

    Run wrong =
        bpg(
            Map.of("BPG_URL", url, "BPG_USER", "demo", "BPG_PASSWORD", "not-the-password"),
            "status",
            "spark-cluster-a-0123456789abcdef0123456789abcdef");
    assertThat(wrong.exit()).isEqualTo(2);
    assertThat(wrong.err())
        .startsWith("bpg: ")
        .contains("HTTP 401")
        .containsPattern("request [0-9a-f-]+\\)")
        .hasLineCount(1)
        .doesNotContain("Exception");
    Run unknown = bpg("demo", "status", "spark-cluster-a-0123456789abcdef0123456789abcdef");
    assertThat(unknown.err()).contains("SUBMISSION_NOT_FOUND, HTTP 404").hasLineCount(1);

    Run nobody = bpg(Map.of("BPG_URL", "http://127.0.0.1:9/skatev2", "BPG_TOKEN", "bpg_x"), "list");
    assertThat(nobody.exit()).isEqualTo(2);
    assertThat(nobody.err()).startsWith("bpg: cannot reach the gateway at").hasLineCount(1);
    Run usage = bpg("demo", "list", "--limit", "many");
    assertThat(usage.exit()).isEqualTo(2);
    assertThat(usage.err()).startsWith("bpg: Invalid value for option '--limit'");
  }

  @Test
  void aProfileGivesTheConnectionAndUploadPrintsTheUrl() throws Exception {
    Path config = dir.resolve("profiles.yaml");
    Files.writeString(
        config,
        """
        current: local
        profiles:
          local: {url: "%s", user: demo, password: demo-pw}
          admin: {url: "%s", user: admin, password: admin-pw}
        """
            .formatted(url, url));
    Map<String, String> variables = new HashMap<>(Map.of("BPG_CONFIG", config.toString()));

    Path jar = Files.writeString(dir.resolve("job.jar"), "not really a jar");
    Run upload = bpg(variables, "upload", jar.toString(), "--folder", "cli");
    assertThat(upload.exit()).as(upload.err()).isZero();
    assertThat(upload.out())
        .isEqualTo("s3a://" + LocalObjectStore.BUCKET + "/uploads/cli/job.jar\n");

    assertThat(bpg(variables, "clusters").exit()).isEqualTo(2);
    assertThat(bpg(variables, "--profile", "admin", "clusters").exit()).isZero();
    Run missing = bpg(variables, "--profile", "prod", "list");
    assertThat(missing.err()).isEqualTo("bpg: no profile prod in " + config + "\n");
  }

  @Test
  void theCompletionScriptLoadsInBash() throws Exception {
    Run script = bpg("demo", "completion", "bash");
    assertThat(script.exit()).isZero();
    Path file = Files.writeString(dir.resolve("bpg-completion.bash"), script.out());

    Process bash =
        new ProcessBuilder(
                "bash",
                "-c",
                "source "
                    + file
                    + " && complete -p bpg && COMP_WORDS=(bpg su) COMP_CWORD=1"
                    + " && _complete_bpg && echo \"${COMPREPLY[@]}\"")
            .redirectErrorStream(true)
            .start();
    assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.exitValue()).as(output).isZero();
    assertThat(output).contains("-F _complete_bpg bpg").containsPattern("(?m)^submit$");
    assertThat(bpg("demo", "completion", "zsh").out()).startsWith("autoload -U +X compinit");
  }

  /**
   * The jar on a real pseudo-terminal ({@code script} from util-linux): the password is asked for
   * without echo, and {@code submit --wait} draws its spinner line instead of printing lines.
   */
  @Test
  void onATerminalThePasswordIsAskedForAndTheWaitIsASpinner() throws Exception {
    Path jar = Path.of("target", "bpg.jar").toAbsolutePath();
    assertThat(jar).as("the jar, built in the package phase").exists();
    Files.writeString(dir.resolve("pi-4s.json"), LocalGateways.sparkPi("4s"));
    String command =
        "java -jar " + jar + " submit " + dir.resolve("pi-4s.json") + " --wait --timeout 2m";
    ProcessBuilder builder =
        new ProcessBuilder("script", "-q", "-e", "-c", command, "/dev/null")
            .redirectErrorStream(true);
    builder.environment().put("BPG_URL", url);
    builder.environment().put("BPG_USER", "demo");
    builder.environment().remove("BPG_PASSWORD");
    builder.environment().put("BPG_CONFIG", dir.resolve("no-such-config.yaml").toString());
    Process process = builder.start();
    StringBuffer screen = new StringBuffer();
    Thread reader =
        new Thread(
            () -> {
              try {
                byte[] buffer = new byte[4096];
                int n;
                while ((n = process.getInputStream().read(buffer)) > 0) {
                  screen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
              } catch (IOException e) {
                screen.append("\n(read failed: ").append(e.getMessage()).append(')');
              }
            });
    reader.start();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> screen.toString().contains("Password for demo at " + url));
    process.getOutputStream().write("demo-pw\n".getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().flush();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as(screen.toString()).isTrue();
    reader.join(5000);
    String output = screen.toString();
    assertThat(process.exitValue()).as(output).isZero();
    // Not echoed, and the state drawn over one line with a spinner.
    assertThat(output).doesNotContain("demo-pw");
    assertThat(output).containsPattern("\r[|/\\\\-] spark-cluster-a-[0-9a-f]+ RUNNING");
    assertThat(output).containsPattern("\r[|/\\\\-] spark-cluster-a-[0-9a-f]+ COMPLETED");
    assertThat(output).doesNotContainPattern("(?m)^\\d\\d:\\d\\d:\\d\\d RUNNING");
  }
}

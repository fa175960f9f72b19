package dev.bpg.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpg.local.LoopbackServers;
import dev.bpg.server.LocalGateways;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Builds the image as {@code ./bpg image} does, reads the archive back as a registry or a container
 * engine would (digests, configuration, layers), then runs the image's entrypoint from the unpacked
 * image: as root, in a mount namespace with the image root read-only, {@code /tmp} and the working
 * directory as fresh writable mounts, {@code /proc} mounted, and {@code chroot} to the image root
 * as the image's user, the way a container runtime would start it, against local clusters, until
 * {@code /ready} answers and a submission through it completes.
 */
class ImageIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JAVA = DebianBase.JAVA_HOME.substring(1) + "/bin/java";
  private static final String JOB =
      """
      {"queue": "dev", "sparkVersion": "3.5.0", "mainApplicationFile": "local:///opt/job.jar",
       "mainClass": "com.example.Job", "sparkConf": {"spark.local.simulate.duration": "1s"}}
      """;

  private final Map<String, byte[]> blobs = new HashMap<>();
  private LocalGateways local;
  private Process gateway;

  @AfterEach
  void stop() throws Exception {
    if (gateway != null && gateway.isAlive()) {
      gateway.destroyForcibly();
      gateway.waitFor(10, TimeUnit.SECONDS);
    }
    if (local != null) {
      local.close();
    }
  }

  @Test
  void theImageHasWhatItSaysAndItsEntrypointServes() throws Exception {
    Path jar = Path.of("target", "bpg.jar").toAbsolutePath();
    assertThat(jar).as("the packaged jar").exists();
    Path output = Path.of("target", "image-it").toAbsolutePath();
    Instant created = Instant.parse("2026-12-01T00:00:00Z");
    Path archive =
        ImageBuilder.build(
            new ImageBuilder.Spec(jar, "1.2.3-test", "abc123", "https://example.test/bpg", created),
            output);
    assertThat(archive.getFileName().toString()).isEqualTo("bpg-1.2.3-test.oci.tar");
    readArchive(archive);

    // The OCI layout: one manifest, each blob named by its digest.
    blobs.forEach(
        (name, content) -> {
          if (name.startsWith("blobs/sha256/")) {
            assertThat(ImageBuilder.digest(content))
                .isEqualTo("sha256:" + name.substring("blobs/sha256/".length()));
          }
        });
    assertThat(json("oci-layout").path("imageLayoutVersion").asText()).isEqualTo("1.0.0");
    JsonNode index = json("index.json");
    assertThat(index.path("manifests")).hasSize(1);
    JsonNode manifest =
        json(ImageBuilder.blob(index.path("manifests").get(0).path("digest").asText()));
    JsonNode config = json(ImageBuilder.blob(manifest.path("config").path("digest").asText()));
    // The manifest of docker save names the same configuration and layers.
    JsonNode docker = json("manifest.json").get(0);
    assertThat(docker.path("Config").asText())
        .isEqualTo(ImageBuilder.blob(manifest.path("config").path("digest").asText()));
    assertThat(docker.path("RepoTags").get(0).asText())
        .isEqualTo("batch-processing-gateway:1.2.3-test");

    // Its configuration: a numeric user other than root, the entrypoint, the port, the labels.
    JsonNode run = config.path("config");
    assertThat(run.path("User").asText()).isEqualTo("10001:10001");
    List<String> entrypoint = new ArrayList<>();
    run.path("Entrypoint").forEach(part -> entrypoint.add(part.asText()));
    assertThat(entrypoint)
        .startsWith("/" + JAVA, "-XX:TieredStopAtLevel=1")
        .contains("-XX:MaxRAMPercentage=75.0")
        .endsWith("-jar", "/app/bpg.jar");
    assertThat(run.path("Cmd").toString()).isEqualTo("[\"server\",\"/etc/bpg/config.yaml\"]");
    assertThat(run.path("ExposedPorts").has("8080/tcp")).isTrue();
    assertThat(run.has("Healthcheck")).isFalse();
    JsonNode labels = run.path("Labels");
    assertThat(labels.path("org.opencontainers.image.version").asText()).isEqualTo("1.2.3-test");
    assertThat(labels.path("org.opencontainers.image.revision").asText()).isEqualTo("abc123");
    assertThat(labels.path("org.opencontainers.image.source").asText())
        .isEqualTo("https://example.test/bpg");
    assertThat(labels.path("org.opencontainers.image.created").asText())
        .isEqualTo("2026-12-01T00:00:00Z");
    assertThat(labels.path("dev.bpg.base.packages").asText()).contains("openjdk-17-jre-headless");

    // Its layers: each one's diff ID is the digest of its tar, and they hold the runtime and jar.
    JsonNode layers = manifest.path("layers");
    assertThat(layers).hasSize(2);
    Map<String, TarArchiveEntry> files = new HashMap<>();
    Map<String, byte[]> small = new HashMap<>();
    for (int i = 0; i < layers.size(); i++) {
      byte[] gz = blobs.get(ImageBuilder.blob(layers.get(i).path("digest").asText()));
      assertThat(layers.get(i).path("mediaType").asText())
          .isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
      byte[] tar = new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes();
      assertThat(ImageBuilder.digest(tar))
          .isEqualTo(config.path("rootfs").path("diff_ids").get(i).asText());
      readLayer(tar, files, small);
    }
    assertThat(files)
        .containsKeys(
            JAVA,
            DebianBase.JAVA_HOME.substring(1) + "/lib/server/libjvm.so",
            DebianBase.JAVA_HOME.substring(1) + "/lib/server/classes.jsa",
            "lib/x86_64-linux-gnu/libc.so.6",
            "app/bpg.jar");
    assertThat(files.get("app/bpg.jar").getSize()).isEqualTo(Files.size(jar));
    assertThat(new String(small.get("etc/passwd"), StandardCharsets.UTF_8))
        .contains("bpg:x:10001:10001:");
    assertThat(files.get("var/lib/bpg").getLongUserId()).isEqualTo(10001);
    assertThat(files.get("tmp").getMode() & 07777).isEqualTo(01777);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(
        new ByteArrayInputStream(small.get("etc/ssl/certs/java/cacerts")),
        "changeit".toCharArray());
    assertThat(trust.size()).as("CA certificates in the Java trust store").isGreaterThan(100);

    runEntrypoint(output, layers, entrypoint);
  }

  /**
   * Unpacks the layers and runs the entrypoint as a container runtime would: read-only root,
   * writable /tmp and working directory, the image's user.
   */
  private void runEntrypoint(Path output, JsonNode layers, List<String> entrypoint)
      throws Exception {
    assertThat(System.getProperty("user.name"))
        .as("the entrypoint runs in a namespace of its own, which needs root (as in CI)")
        .isEqualTo("root");
    Path root = output.resolve("root");
    run(List.of("rm", "-rf", root.toString()));
    Files.createDirectories(root);
    for (JsonNode layer : layers) {
      Path gz = output.resolve("layer.tar.gz");
      Files.write(gz, blobs.get(ImageBuilder.blob(layer.path("digest").asText())));
      run(List.of("tar", "-xzf", gz.toString(), "-C", root.toString()));
      Files.delete(gz);
    }
    local = LocalGateways.start("spark-cluster-a");
    int port = LoopbackServers.freePort();
    String config =
        local
            .childConfiguration(
                port, "jdbc:h2:file:/var/lib/bpg/bpg", "image-it", 10, Duration.ofSeconds(10))
            .replace("type: simple", "type: simple\n  shutdownGracePeriod: 5s");
    Files.writeString(root.resolve("etc/bpg/config.yaml"), config);
    String script =
        String.join(
            " && ",
            "set -e",
            "R=\"$0\"",
            "mount --bind \"$R\" \"$R\"",
            "mount -o remount,bind,ro \"$R\"",
            "mount -t proc proc \"$R/proc\"",
            "mount --rbind /sys \"$R/sys\"",
            "mount -t tmpfs -o mode=755 tmpfs \"$R/dev\"",
            "for d in null zero full random urandom tty; do touch \"$R/dev/$d\""
                + " && mount --bind \"/dev/$d\" \"$R/dev/$d\"; done",
            "mount -t tmpfs -o mode=1777 tmpfs \"$R/tmp\"",
            "mount -t tmpfs -o uid=10001,gid=10001,mode=0750 tmpfs \"$R/var/lib/bpg\"",
            "exec chroot --userspec=10001:10001 \"$R\" \"$@\"");
    List<String> command =
        new ArrayList<>(
            List.of(
                "unshare",
                "--mount",
                "--pid",
                "--fork",
                "--kill-child=SIGTERM",
                "sh",
                "-c",
                script,
                root.toString()));
    command.addAll(entrypoint);
    command.addAll(List.of("server", "/etc/bpg/config.yaml"));
    Path log = output.resolve("gateway.log");
    gateway =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();

    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + port;
    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .failFast("the gateway stopped", () -> !gateway.isAlive())
          .until(() -> get(http, base + "/ready").statusCode() == 200);
    } catch (RuntimeException e) {
      throw new AssertionError("the image's gateway never got ready:\n" + Files.readString(log), e);
    }
    String authorization =
        "Basic "
            + Base64.getEncoder().encodeToString("demo:demo-pw".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> submitted =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/skatev2/spark"))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JOB))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
    String id = JSON.readTree(submitted.body()).path("submissionId").asText();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                JSON.readTree(
                        http.send(
                                HttpRequest.newBuilder(
                                        URI.create(base + "/skatev2/spark/" + id + "/status"))
                                    .header("Authorization", authorization)
                                    .build(),
                                HttpResponse.BodyHandlers.ofString())
                            .body())
                    .path("applicationState")
                    .asText()
                    .equals("COMPLETED"));

    // A polite stop, as a runtime stops a container: SIGTERM to the JVM (the namespace's first
    // process; unshare itself does not pass signals on), which stops on its own.
    List<ProcessHandle> jvm =
        gateway.descendants().filter(p -> p.info().command().orElse("").endsWith("/java")).toList();
    assertThat(jvm).hasSize(1);
    assertThat(jvm.get(0).destroy()).isTrue();
    assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
    System.out.println(
        "ImageIT: the image's entrypoint served /ready and completed " + id + " as user 10001");
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private void readArchive(Path archive) throws IOException {
    try (InputStream in = Files.newInputStream(archive);
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        blobs.put(entry.getName(), tar.readAllBytes());
      }
    }
  }

  private static void readLayer(
      byte[] layer, Map<String, TarArchiveEntry> files, Map<String, byte[]> small)
      throws IOException {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(layer))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        String name = LayerWriter.normalize(entry.getName());
        assertThat(files).as("a path written twice: " + name).doesNotContainKey(name);
        files.put(name, entry);
        if (name.startsWith("etc/")) {
          small.put(name, tar.readAllBytes());
        }
      }
    }
  }

  private JsonNode json(String name) throws IOException {
    assertThat(blobs).containsKey(name);
    return JSON.readTree(blobs.get(name));
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).inheritIO().start();
    assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
  }
}

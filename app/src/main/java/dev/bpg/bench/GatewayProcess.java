package dev.bpg.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A gateway the bench started, and the calls the bench makes on it. */
final class GatewayProcess implements AutoCloseable {
  private final ChildJvm process;
  private final int port;
  private final BenchHttp http;
  private long readyNanos;
  private final String authorization;

  GatewayProcess(ChildJvm process, int port, BenchHttp http, String password) {
    this.process = process;
    this.port = port;
    this.http = http;
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (BenchCalls.USER + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  long readyNanos() {
    return readyNanos;
  }

  void ready(long nanos) {
    readyNanos = nanos;
  }

  ChildJvm process() {
    return process;
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", authorization);
  }

  long heapAfterGc() throws Exception {
    for (int i = 0; i < 2; i++) {
      http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/dropwizard/tasks/gc"))
              .POST(HttpRequest.BodyPublishers.noBody()));
    }
    return (long) metric("jvm_memory_used_bytes", "area=\"heap\"");
  }

  int threads() throws Exception {
    return (int) metric("jvm_threads_live_threads", "");
  }

  long rss() {
    return process.rssBytes();
  }

  void awaitTracked(int count, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (metric("bpg_tracked_applications", "") >= count) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the gateway did not track " + count + " applications in time");
  }

  /** The sum of a metric's series whose labels contain {@code labelPart}. */
  double metric(String name, String labelPart) throws Exception {
    String text =
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).GET())
            .body();
    double sum = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith(name)
          && (line.length() == name.length()
              || line.charAt(name.length()) == '{'
              || line.charAt(name.length()) == ' ')
          && line.contains(labelPart)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  @Override
  public void close() {
    process.close();
  }
}

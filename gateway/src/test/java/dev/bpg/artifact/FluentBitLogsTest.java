package dev.bpg.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Logs Fluent Bit shipped for Apple's gateway: the objects the index names, in its order, gzip or
 * not, each record's {@code log} field as the container's line; other lines as they are.
 */
class FluentBitLogsTest {
  private static final String DRIVER = "spark-cluster-a-0123456789abcdef0123456789abcdef-driver";

  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final Map<String, List<String>> index =
      Map.of(
          DRIVER,
          List.of(
              "fluent-bit/2026/11/30/10/" + DRIVER + "-1.log",
              "fluent-bit/2026/11/30/11/" + DRIVER + "-2.log.gz",
              "fluent-bit/2026/11/30/12/" + DRIVER + "-3.log"));
  private final FluentBitLogs logs = new FluentBitLogs(index::get, store);

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  private void put(String key, byte[] body) {
    store.put(key, new ByteArrayInputStream(body), body.length, Map.of());
  }

  @Test
  void theRecordsOfEachObjectBecomeTheContainersLinesInKeyOrder() throws Exception {
    put(
        index.get(DRIVER).get(0),
        ("{\"date\":1733050000.1,\"log\":\"24/11/30 10:00:01 INFO SparkContext: Running Spark"
                + " version 3.5.0\\n\",\"stream\":\"stderr\",\"time\":\"2026-11-30T10:00:01Z\"}\n"
                + "{\"log\":\"Pi is roughly 3.14159\",\"stream\":\"stdout\"}\n")
            .getBytes(StandardCharsets.UTF_8));
    put(
        index.get(DRIVER).get(1),
        gzip(
            "{\"log\":\"24/11/30 11:00:00 INFO SparkContext: Successfully stopped\\n\"}\n"
                + "not a record, kept as it is\n"
                + "{\"stream\":\"stdout\"}\n"));
    // The third object is named by the index but gone from the bucket: nothing of it.

    String log;
    try (InputStream in = logs.read(DRIVER).orElseThrow()) {
      log = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    assertThat(log)
        .isEqualTo(
            "24/11/30 10:00:01 INFO SparkContext: Running Spark version 3.5.0\n"
                + "Pi is roughly 3.14159\n"
                + "24/11/30 11:00:00 INFO SparkContext: Successfully stopped\n"
                + "not a record, kept as it is\n"
                + "{\"stream\":\"stdout\"}\n");
  }

  @Test
  void aContainerTheIndexDoesNotKnowHasNoLog() {
    assertThat(new FluentBitLogs(id -> List.of(), store).read(DRIVER)).isEmpty();
  }
}

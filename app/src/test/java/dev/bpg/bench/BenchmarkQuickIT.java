package dev.bpg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's quick mode, end to end: local clusters and gateways in child processes, every
 * phase, every figure written. It proves the harness works; it checks no timing.
 */
class BenchmarkQuickIT {
  private static final List<String> FIGURES =
      List.of(
          "submit_rps",
          "ceiling_rps",
          "submit_to_ceiling",
          "submit_p99_ms",
          "status_rps",
          "status_ceiling_rps",
          "status_to_ceiling",
          "status_p99_ms",
          "freshness_p50_ms",
          "freshness_p99_ms",
          "tracked_apps",
          "heap_mb",
          "rss_mb",
          "threads",
          "startup_ms",
          "errors",
          "parameters",
          "submit_levels");

  @Test
  void aQuickRunMeasuresEveryFigureWithoutErrors(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("bench-results.json");

    Benchmark.run(BenchOptions.quick(out));

    JsonNode results = new ObjectMapper().readTree(Files.readString(out));
    assertThat(FIGURES).allSatisfy(field -> assertThat(results.has(field)).as(field).isTrue());
    assertThat(results.path("errors").asInt()).isZero();
    assertThat(results.path("tracked_apps").asInt()).isEqualTo(200);
    assertThat(results.path("submit_levels")).hasSize(2);
    assertThat(results.path("submit_rps").asDouble()).isPositive();
    assertThat(results.path("ceiling_rps").asDouble()).isPositive();
    assertThat(results.path("status_rps").asDouble()).isPositive();
    assertThat(results.path("heap_mb").asDouble()).isPositive();
    assertThat(results.path("threads").asInt()).isPositive();
  }

  @Test
  void aBurstToPacedClustersLosesAndDuplicatesNothing(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("bench-results.json");

    Benchmark.run(BenchOptions.quick(out).burstOnly(60, 20, 2));

    JsonNode results = new ObjectMapper().readTree(Files.readString(out));
    assertThat(results.path("burst_submissions").asInt()).isEqualTo(60);
    assertThat(results.path("burst_accepted").asInt()).isEqualTo(60);
    assertThat(results.path("burst_rate_configured").asDouble()).isEqualTo(40.0);
    assertThat(results.path("burst_rate_measured").asDouble()).isPositive();
    assertThat(results.path("burst_lost").asInt()).isZero();
    assertThat(results.path("burst_duplicated").asInt()).isZero();
  }

  @Test
  void archivingLogsIsMeasuredAgainstTheSameRunsWithoutTheArchive(@TempDir Path dir)
      throws Exception {
    Path out = dir.resolve("bench-results.json");

    Benchmark.run(BenchOptions.quick(out).archiveOnly(24, 50));

    JsonNode results = new ObjectMapper().readTree(Files.readString(out));
    assertThat(results.path("archive_pods").asInt()).isEqualTo(24);
    assertThat(results.path("archive_objects_stored").asInt())
        .isEqualTo(24 + results.path("archive_warm_up_pods").asInt());
    assertThat(results.path("archive_lost").asInt()).isZero();
    assertThat(results.path("archive_log_bytes_per_pod").asDouble())
        .as("50 lines of about 100 bytes in the driver's log, a third of them in each executor's")
        .isGreaterThan(1500);
    assertThat(results.path("archive_stored_bytes_per_pod").asDouble())
        .isPositive()
        .isLessThan(results.path("archive_log_bytes_per_pod").asDouble());
    assertThat(results.path("archive_copy_ms_mean").asDouble()).isPositive();
    assertThat(results.has("archive_gateway_cpu_seconds_per_1000_pods")).isTrue();
  }
}

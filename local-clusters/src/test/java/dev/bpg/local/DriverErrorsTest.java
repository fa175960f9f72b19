package dev.bpg.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DriverErrorsTest {

  private static DriverErrors of(List<String> lines) {
    DriverErrors errors = new DriverErrors();
    lines.forEach(errors::add);
    return errors;
  }

  @Test
  void aMissingMainClassIsSparkSubmitsOwnLine() {
    DriverErrors errors =
        of(
            List.of(
                "Error: Failed to load class com.example.Missing.",
                "26/11/25 18:25:40 INFO ShutdownHookManager: Shutdown hook called",
                "26/11/25 18:25:40 INFO ShutdownHookManager: Deleting directory"
                    + " /tmp/spark-bb9a04c3"));

    assertThat(errors.reason()).contains("Error: Failed to load class com.example.Missing.");
  }

  @Test
  void anExceptionKeepsItsMessagesAndCausesButNotItsFramesOrTheLogLines() {
    DriverErrors errors =
        of(
            List.of(
                "Using Spark's default log4j profile: org/apache/spark/log4j2-defaults.properties",
                "26/11/25 18:25:39 INFO SparkContext: Running Spark version 4.0.2",
                "Batch Processing Gateway: Spark application id local-1795631175265",
                "26/11/25 18:25:39 WARN NativeCodeLoader: Unable to load native-hadoop library",
                "26/11/25 18:25:40 ERROR SparkContext: Error initializing SparkContext.",
                "Exception in thread \"main\" java.lang.IllegalStateException: no input",
                "\tat org.apache.spark.examples.WordCount.main(WordCount.java:23)",
                "Caused by: java.io.FileNotFoundException: /data/in.txt",
                "\t... 12 more",
                "26/11/25 18:25:40 INFO ShutdownHookManager: Shutdown hook called"));

    assertThat(errors.reason())
        .contains(
            "26/11/25 18:25:40 ERROR SparkContext: Error initializing SparkContext.\n"
                + "Exception in thread \"main\" java.lang.IllegalStateException: no input\n"
                + "Caused by: java.io.FileNotFoundException: /data/in.txt");
  }

  @Test
  void onlyTheLastLinesCount() {
    DriverErrors errors = new DriverErrors();
    for (int i = 1; i <= 10; i++) {
      errors.add("problem " + i);
    }

    assertThat(errors.reason()).contains("problem 6\nproblem 7\nproblem 8\nproblem 9\nproblem 10");
  }

  @Test
  void linesOlderThanTheTailAreForgotten() {
    DriverErrors errors = new DriverErrors();
    errors.add("Exception in thread \"main\" java.lang.Error: early");
    for (int i = 0; i < DriverErrors.TAIL_LINES; i++) {
      errors.add("26/11/25 18:25:40 INFO Executor: Finished task " + i);
    }

    assertThat(errors.reason()).isEmpty();
  }

  @Test
  void aLongReasonIsCutFromTheFront() {
    DriverErrors errors = of(List.of("x".repeat(3 * DriverErrors.MAX_REASON_LENGTH) + " the end"));

    assertThat(errors.reason().orElseThrow())
        .hasSize(DriverErrors.MAX_REASON_LENGTH)
        .startsWith("…")
        .endsWith(" the end");
  }
}

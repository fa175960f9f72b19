package dev.bpg.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Spark runtime directory with empty jars, enough for everything but running Spark; for tests.
 */
final class FakeSparkRuntime {

  final Path runtimeDirectory;
  final Path examplesJar;
  final List<Path> sparkJars;

  private FakeSparkRuntime(Path runtimeDirectory, Path examplesJar, List<Path> sparkJars) {
    this.runtimeDirectory = runtimeDirectory;
    this.examplesJar = examplesJar;
    this.sparkJars = sparkJars;
  }

  /** Writes, under {@code root}, a runtime of Spark 4.0.2 whose classpath file lists two jars. */
  static FakeSparkRuntime create(Path root) {
    try {
      Path repository = Files.createDirectories(root.resolve("repository"));
      List<Path> jars =
          List.of(
              Files.createFile(repository.resolve("spark-sql_2.13-4.0.2.jar")),
              Files.createFile(repository.resolve("spark-core_2.13-4.0.2.jar")));
      Path runtime = Files.createDirectories(root.resolve("spark-runtime"));
      Files.writeString(
          runtime.resolve(SparkRuntime.CLASSPATH_FILE),
          jars.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
      Files.createFile(runtime.resolve(SparkRuntime.REPORTER_JAR));
      Path examples = Files.createFile(root.resolve("spark-examples.jar"));
      return new FakeSparkRuntime(runtime, examples, jars);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  SparkRuntime load() {
    return SparkRuntime.load(runtimeDirectory, examplesJar);
  }
}

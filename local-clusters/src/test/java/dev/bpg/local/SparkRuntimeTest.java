package dev.bpg.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkRuntimeTest {

  @TempDir Path root;

  @Test
  void loadsTheJarsTheBuildListedAndTheReporter() throws IOException {
    FakeSparkRuntime fake = FakeSparkRuntime.create(root);

    SparkRuntime runtime = fake.load();

    assertThat(runtime.sparkVersion()).isEqualTo("4.0.2");
    assertThat(runtime.classpath())
        .containsExactly(
            fake.sparkJars.get(0),
            fake.sparkJars.get(1),
            fake.runtimeDirectory.resolve(SparkRuntime.REPORTER_JAR));
    assertThat(runtime.examplesJar()).isEqualTo(fake.examplesJar.toAbsolutePath());
    assertThat(Files.readString(runtime.classpathArgumentFile()))
        .isEqualTo(
            "-cp\n\""
                + fake.sparkJars.get(0)
                + ":"
                + fake.sparkJars.get(1)
                + ":"
                + fake.runtimeDirectory.resolve(SparkRuntime.REPORTER_JAR)
                + "\"\n");
  }

  @Test
  void aMissingRuntimeSaysHowToBuildIt() {
    assertThatThrownBy(
            () -> SparkRuntime.load(root.resolve("nowhere"), root.resolve("examples.jar")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(root.resolve("nowhere").resolve("spark-classpath.txt").toString())
        .hasMessageContaining("mvn -B package -DskipTests");
  }

  @Test
  void aJarMissingFromTheLocalRepositoryIsNamed() throws IOException {
    FakeSparkRuntime fake = FakeSparkRuntime.create(root);
    Files.delete(fake.sparkJars.get(1));

    assertThatThrownBy(fake::load)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(fake.sparkJars.get(1) + ", listed in")
        .hasMessageContaining("mvn -B package -DskipTests");
  }

  @Test
  void aMissingExamplesJarIsNamed() throws IOException {
    FakeSparkRuntime fake = FakeSparkRuntime.create(root);
    Files.delete(fake.examplesJar);

    assertThatThrownBy(fake::load)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("examples jar")
        .hasMessageContaining(fake.examplesJar.toString());
  }

  @Test
  void theDefaultsAreInTheRepositoryThisCodeWasBuiltIn() {
    // Tests run in gateway/, so the repository is its parent.
    Path repository = Path.of("").toAbsolutePath().getParent();
    assertThat(SparkRuntime.defaultRuntimeDirectory())
        .isEqualTo(repository.resolve("spark-runtime/target"));
    assertThat(SparkRuntime.defaultExamplesJar())
        .isEqualTo(repository.resolve("spark-examples/target/spark-examples.jar"));
  }

  @Test
  void settingsRejectLimitsThatCannotWork() throws IOException {
    SparkRuntime runtime = FakeSparkRuntime.create(root).load();
    assertThat(LocalSparkSettings.defaults(runtime).withMaxRunningJobs(3).maxRunningJobs())
        .isEqualTo(3);
    assertThatThrownBy(() -> LocalSparkSettings.defaults(runtime).withMaxRunningJobs(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxRunningJobs");
    assertThatThrownBy(() -> new LocalSparkSettings(runtime, 1, 2, 100, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxDriverMemoryMib must be at least 512");
  }
}

package dev.bpg.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkJobTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ApplicationRef APP = new ApplicationRef("spark-operator", "app-1", "uid-1");
  private static final Path JAVA = Path.of("/jdk/bin/java");
  private static final String BLOG_EXAMPLES = SparkJob.BLOG_EXAMPLES_JAR;

  @TempDir Path root;
  private SparkRuntime runtime;
  private LocalSparkSettings settings;

  @BeforeEach
  void runtime() {
    runtime = FakeSparkRuntime.create(root).load();
    settings = LocalSparkSettings.defaults(runtime);
  }

  private static JsonNode spec(String json) throws IOException {
    return MAPPER.readTree(json);
  }

  /** The AWS blog's SparkPi, as the gateway builds it for a cluster with a pod name prefix. */
  private static JsonNode blogSparkPi() throws IOException {
    return spec(
        """
        {"type": "Scala", "mode": "cluster", "sparkVersion": "3.5.0", "image": "apache/spark:3.5.0",
         "mainClass": "org.apache.spark.examples.SparkPi",
         "mainApplicationFile": "local:///usr/lib/spark/examples/jars/spark-examples.jar",
         "arguments": ["1000"],
         "sparkConf": {"spark.app.name": "SparkPiDemo", "spark.kubernetes.executor.podNamePrefix": "app-1",
                       "spark.executor.memory": "2g"},
         "driver": {"cores": 1, "memory": "2g"},
         "executor": {"instances": 2, "cores": 1, "memory": "2g"}}
        """);
  }

  @Test
  void theBlogsSparkPiRunsTheExamplesJarInLocalMode() throws Exception {
    SparkJob job = SparkJob.from(blogSparkPi(), settings);

    assertThat(job.applicationJar()).isEqualTo(runtime.examplesJar());
    assertThat(job.command(JAVA, runtime, APP))
        .containsSubsequence(
            "/jdk/bin/java",
            "-Xmx1024m",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "-Dbpg.local.application=spark-operator/app-1",
            "@" + runtime.classpathArgumentFile(),
            "org.apache.spark.deploy.SparkSubmit",
            "--master",
            "local[2]",
            "--class",
            "org.apache.spark.examples.SparkPi",
            "--conf",
            "spark.app.name=SparkPiDemo",
            "--conf",
            "spark.executor.memory=2g",
            "--conf",
            "spark.extraListeners=" + SparkRuntime.REPORTER_CLASS,
            "--conf",
            "spark.ui.enabled=false",
            "--conf",
            "spark.driver.host=127.0.0.1",
            "--conf",
            "spark.driver.bindAddress=127.0.0.1",
            "--conf",
            "spark.kubernetes.driver.label.sparkoperator.k8s.io/app-name=app-1",
            "--conf",
            "spark.kubernetes.executor.label.sparkoperator.k8s.io/app-name=app-1",
            runtime.examplesJar().toString(),
            "1000");
    assertThat(job.command(JAVA, runtime, APP)).endsWith(runtime.examplesJar().toString(), "1000");
    assertThat(job.ignoredConf()).containsExactly("spark.kubernetes.executor.podNamePrefix");
  }

  @Test
  void theDriverCommandTheLogShowsHidesSecretSettings() {
    List<String> command =
        List.of(
            "java",
            "--conf",
            "spark.hadoop.fs.s3a.secret.key=s3cr3t",
            "--conf",
            "spark.hadoop.fs.s3a.access.key=AKIA123",
            "--conf",
            "spark.ssl.keyPassword=pw",
            "--conf",
            "spark.app.name=token-free",
            "app.jar",
            "password=plain-argument");

    List<String> shown = Redaction.commandLine(command);

    assertThat(String.join(" ", shown)).doesNotContain("s3cr3t", "AKIA123", "=pw");
    assertThat(shown)
        .contains(
            "spark.hadoop.fs.s3a.secret.key=*********(redacted)",
            "spark.app.name=token-free",
            "password=plain-argument");
  }

  @Test
  void theDriverLogExplainsHowTheRequestMapsToTheLocalRun() throws Exception {
    List<String> lines = SparkJob.from(blogSparkPi(), settings).describe(runtime);

    assertThat(lines)
        .containsExactly(
            "runs org.apache.spark.examples.SparkPi from "
                + runtime.examplesJar()
                + " with Spark 4.0.2 in local mode"
                + " (local[2]) in a child JVM with -Xmx1024m",
            "this application asks for Spark 3.5.0; the local clusters run every application with"
                + " Spark 4.0.2",
            "mainApplicationFile local:///usr/lib/spark/examples/jars/spark-examples.jar is "
                + runtime.examplesJar()
                + " on this machine",
            "no executor pods: in local mode the driver runs the tasks on 2 thread(s) (executor"
                + " instances x cores = 2)",
            "driver memory 2g becomes -Xmx1024m (local drivers get 512m to the configured maximum)",
            "Spark properties left out in local mode: spark.kubernetes.executor.podNamePrefix");
  }

  @Test
  void propertiesOfKubernetesOfTheDriverJvmAndOfSimulationsAreLeftOut() throws Exception {
    SparkJob job =
        SparkJob.from(
            spec(
                """
                {"mainClass": "Main", "mainApplicationFile": "local:///opt/spark/examples/jars/spark-examples_2.13-4.0.0.jar",
                 "sparkConf": {"spark.master": "k8s://https://kubernetes", "spark.submit.deployMode": "cluster",
                               "spark.kubernetes.namespace": "x", "spark.driver.extraJavaOptions": "-Dx=1",
                               "spark.local.simulate.duration": "1s", "spark.ui.enabled": "true",
                               "spark.sql.shuffle.partitions": "4", "spark.extraListeners": "com.example.Listener"}}
                """),
            settings);

    assertThat(job.ignoredConf())
        .containsExactly(
            "spark.master",
            "spark.submit.deployMode",
            "spark.kubernetes.namespace",
            "spark.driver.extraJavaOptions",
            "spark.local.simulate.duration",
            "spark.ui.enabled");
    assertThat(job.sparkConf())
        .containsEntry("spark.sql.shuffle.partitions", "4")
        .containsEntry(
            "spark.extraListeners", SparkRuntime.REPORTER_CLASS + ",com.example.Listener")
        .containsEntry("spark.ui.enabled", "false")
        .doesNotContainKeys("spark.master", "spark.kubernetes.namespace");
    // Any Spark image's examples jar is the project's.
    assertThat(job.applicationJar()).isEqualTo(runtime.examplesJar());
    assertThat(job.threads()).isEqualTo(1);
  }

  @Test
  void localAndFileUrisAndPlainPathsAreFilesOfThisMachine() throws Exception {
    Path jar = Files.createFile(root.resolve("app.jar"));
    Path extra = Files.createFile(root.resolve("extra.jar"));
    Path data = Files.createFile(root.resolve("data.txt"));

    assertThat(SpecFiles.localFile("f", "local://" + jar, runtime)).isEqualTo(jar);
    assertThat(SpecFiles.localFile("f", "file://" + jar, runtime)).isEqualTo(jar);
    assertThat(SpecFiles.localFile("f", "file:" + jar, runtime)).isEqualTo(jar);
    assertThat(SpecFiles.localFile("f", jar.toString(), runtime)).isEqualTo(jar);

    SparkJob job =
        SparkJob.from(
            spec(
                """
                {"mainClass": "Main", "mainApplicationFile": "file://%s", "arguments": ["a", "b c"],
                 "deps": {"jars": ["local://%s"], "files": ["%s"]}}
                """
                    .formatted(jar, extra, data)),
            settings);
    assertThat(job.command(JAVA, runtime, APP))
        .containsSubsequence(
            "--jars", extra.toString(), "--files", data.toString(), jar.toString(), "a", "b c");
  }

  @Test
  void filesElsewhereOrMissingAreRefusedWithTheReason() {
    assertThatThrownBy(
            () -> SpecFiles.localFile("spec.mainApplicationFile", "s3a://bucket/app.jar", runtime))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage(
            "spec.mainApplicationFile 's3a://bucket/app.jar': the local clusters have no object"
                + " store to read it from (./bpg demo starts one)");
    assertThatThrownBy(
            () ->
                SpecFiles.localFile(
                    "spec.mainApplicationFile", "local:///opt/nowhere/app.jar", runtime))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage(
            "spec.mainApplicationFile 'local:///opt/nowhere/app.jar': /opt/nowhere/app.jar does not"
                + " exist on this machine");
    assertThatThrownBy(
            () -> SpecFiles.localFile("spec.mainApplicationFile", "hdfs://nn/app.jar", runtime))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageEndingWith(
            "the local clusters read only local:// and file:// paths on this machine, and s3a://"
                + " objects of their object store");
    assertThatThrownBy(
            () -> SpecFiles.localFile("spec.mainApplicationFile", "local://host/app.jar", runtime))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("expected local:///absolute/path");
  }

  @Test
  void onlyJvmApplicationsWithAMainClassRun() {
    assertThatThrownBy(
            () ->
                SparkJob.from(
                    spec(
                        """
                        {"type": "Python", "mainApplicationFile": "local:///opt/app.py"}
                        """),
                    settings))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage(
            "the local clusters run JVM applications only (type Java or Scala), not type Python");
    assertThatThrownBy(
            () ->
                SparkJob.from(
                    spec(
                        """
                        {"type": "Java", "mainApplicationFile": "%s"}
                        """
                            .formatted(BLOG_EXAMPLES)),
                    settings))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("spec.mainClass is missing");
  }

  @Test
  void driverMemoryIsKeptBetweenTheFloorAndTheLimit() throws Exception {
    assertThat(memoryFor("\"driver\": {\"memory\": \"768m\"}")).isEqualTo(768);
    assertThat(memoryFor("\"driver\": {\"memory\": \"8g\"}")).isEqualTo(1024);
    assertThat(memoryFor("\"driver\": {\"memory\": \"128m\"}")).isEqualTo(512);
    assertThat(memoryFor("\"sparkConf\": {\"spark.driver.memory\": \"600m\"}")).isEqualTo(600);
    assertThat(memoryFor("\"driver\": {}")).isEqualTo(1024);
    assertThatThrownBy(() -> memoryFor("\"driver\": {\"memory\": \"lots\"}"))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("invalid spec.driver.memory 'lots'");
  }

  private long memoryFor(String fields) throws Exception {
    return SparkJob.from(
            spec(
                """
                {"mainClass": "Main", "mainApplicationFile": "%s", %s}
                """
                    .formatted(BLOG_EXAMPLES, fields)),
            settings)
        .driverMemoryMib();
  }

  @Test
  void threadsAreExecutorInstancesTimesCoresUpToTheLimit() throws Exception {
    SparkJob job =
        SparkJob.from(
            spec(
                """
                {"mainClass": "Main", "mainApplicationFile": "%s", "executor": {"instances": 5, "cores": 4}}
                """
                    .formatted(BLOG_EXAMPLES)),
            settings);

    assertThat(job.threads()).isEqualTo(2);
    assertThat(job.requestedThreads()).isEqualTo(20);
    assertThat(job.command(JAVA, runtime, APP)).contains("local[2]");
  }

  @Test
  void theSameMinorVersionNeedsNoWord() throws Exception {
    SparkJob job =
        SparkJob.from(
            spec(
                """
                {"mainClass": "Main", "mainApplicationFile": "%s", "sparkVersion": "4.0.0"}
                """
                    .formatted(BLOG_EXAMPLES)),
            settings);

    assertThat(job.describe(runtime)).noneMatch(line -> line.contains("asks for Spark"));
  }
}

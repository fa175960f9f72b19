package dev.bpg.local;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A {@code SparkApplication} as a Spark job in local mode on this machine: what its driver JVM
 * runs, read from the spec. Where a Kubeflow operator runs {@code spark-submit} in cluster mode,
 * the local operator runs SparkSubmit with {@code --master local[N]}: the driver runs the tasks on
 * N threads and there are no executor pods.
 *
 * @param mainClass the class whose {@code main} the driver runs
 * @param applicationFile the {@code mainApplicationFile} as requested
 * @param applicationJar that file on this machine
 * @param arguments the application's arguments
 * @param jars the files of {@code deps.jars} on this machine
 * @param files the files of {@code deps.files} on this machine
 * @param sparkConf the Spark properties passed on, with those of the local mode set and Kubernetes
 *     ones removed
 * @param ignoredConf the requested Spark properties left out, because they mean nothing here or
 *     would break the job
 * @param threads N in {@code local[N]}
 * @param requestedThreads executor instances times executor cores, before the limit
 * @param driverMemoryMib the driver JVM's heap
 * @param requestedDriverMemory the driver memory the spec asks for, if it does
 * @param requestedSparkVersion the spec's {@code sparkVersion}, if any
 */
record SparkJob(
    String mainClass,
    String applicationFile,
    Path applicationJar,
    List<String> arguments,
    List<Path> jars,
    List<Path> files,
    Map<String, String> sparkConf,
    List<String> ignoredConf,
    int threads,
    long requestedThreads,
    long driverMemoryMib,
    Optional<String> requestedDriverMemory,
    Optional<String> requestedSparkVersion) {

  /** The path of the Spark examples jar in the images of the AWS blog and of EMR. */
  static final String BLOG_EXAMPLES_JAR = SpecFiles.BLOG_EXAMPLES_JAR;

  private static final String LOOPBACK = "127.0.0.1";
  private static final String SUBMIT_CLASS = "org.apache.spark.deploy.SparkSubmit";

  /**
   * A system property on the driver JVM's command line naming its application, for ps and for
   * tests.
   */
  static final String APPLICATION_PROPERTY = "bpg.local.application";

  /**
   * The JVM options Spark's own launcher gives a driver on Java 17 ({@code JavaModuleOptions} of
   * Spark 4.0). Spark 4 starts without them, but they are what a real spark-submit passes, and
   * Spark 3.5 code needs some of them.
   */
  static final List<String> MODULE_OPTIONS =
      List.of(
          "-XX:+IgnoreUnrecognizedVMOptions",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
          "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
          "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
          "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "-Djdk.reflect.useDirectMethodHandle=false",
          "-Dio.netty.tryReflectionSetAccessible=true");

  /**
   * Properties the local mode sets itself or that only a driver JVM's launcher reads (in client
   * mode SparkSubmit runs inside the driver JVM, too late for JVM options).
   */
  private static final Set<String> IGNORED_PROPERTIES =
      Set.of(
          "spark.master",
          "spark.submit.deployMode",
          "spark.driver.host",
          "spark.driver.bindAddress",
          "spark.driver.memory",
          "spark.driver.extraJavaOptions",
          "spark.driver.extraClassPath",
          "spark.driver.extraLibraryPath",
          "spark.ui.enabled");

  private static final List<String> IGNORED_PREFIXES =
      List.of("spark.kubernetes.", RunPlan.SIMULATION_PREFIX);

  SparkJob {
    requireNonNull(mainClass, "mainClass is null");
    requireNonNull(applicationFile, "applicationFile is null");
    requireNonNull(applicationJar, "applicationJar is null");
    arguments = List.copyOf(requireNonNull(arguments, "arguments is null"));
    jars = List.copyOf(requireNonNull(jars, "jars is null"));
    files = List.copyOf(requireNonNull(files, "files is null"));
    sparkConf =
        Collections.unmodifiableMap(
            new LinkedHashMap<>(requireNonNull(sparkConf, "sparkConf is null")));
    ignoredConf = List.copyOf(requireNonNull(ignoredConf, "ignoredConf is null"));
    requireNonNull(requestedDriverMemory, "requestedDriverMemory is null");
    requireNonNull(requestedSparkVersion, "requestedSparkVersion is null");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive: " + threads);
    }
  }

  /**
   * Reads the job from a {@code SparkApplication} spec.
   *
   * @throws InvalidSpecException when the spec cannot run here: not a JVM application, no main
   *     class, or an application file that is not on this machine
   */
  static SparkJob from(JsonNode spec, LocalSparkSettings settings) throws InvalidSpecException {
    requireNonNull(spec, "spec is null");
    requireNonNull(settings, "settings is null");
    String type = spec.path("type").asText("");
    if (!type.isEmpty() && !type.equalsIgnoreCase("Java") && !type.equalsIgnoreCase("Scala")) {
      throw new InvalidSpecException(
          "the local clusters run JVM applications only (type Java or Scala), not type " + type);
    }
    String mainClass = spec.path("mainClass").asText("");
    if (mainClass.isBlank()) {
      throw new InvalidSpecException(
          "spec.mainClass is missing: the local clusters run the main class of a jar");
    }
    String applicationFile = spec.path("mainApplicationFile").asText("");
    if (applicationFile.isBlank()) {
      throw new InvalidSpecException("spec.mainApplicationFile is missing");
    }
    Path applicationJar =
        SpecFiles.localFile(
            "spec.mainApplicationFile",
            applicationFile,
            settings.runtime(),
            settings.remoteFiles());
    List<String> arguments = new ArrayList<>();
    spec.path("arguments").forEach(argument -> arguments.add(argument.asText()));
    List<Path> jars =
        SpecFiles.localFiles("spec.deps.jars", spec.path("deps").path("jars"), settings);
    List<Path> files =
        SpecFiles.localFiles("spec.deps.files", spec.path("deps").path("files"), settings);

    Map<String, String> sparkConf = new LinkedHashMap<>();
    List<String> ignored = new ArrayList<>();
    spec.path("sparkConf")
        .fields()
        .forEachRemaining(
            entry -> {
              String key = entry.getKey();
              if (IGNORED_PROPERTIES.contains(key)
                  || IGNORED_PREFIXES.stream().anyMatch(key::startsWith)) {
                ignored.add(key);
              } else {
                sparkConf.put(key, entry.getValue().asText());
              }
            });
    String listeners = sparkConf.get("spark.extraListeners");
    sparkConf.put(
        "spark.extraListeners",
        SparkRuntime.REPORTER_CLASS
            + (listeners == null || listeners.isBlank() ? "" : "," + listeners));
    sparkConf.put("spark.ui.enabled", "false");
    if (settings.eventLogDir() != null) {
      // For the local History Server; a cluster's own event log directory is elsewhere.
      sparkConf.put("spark.eventLog.enabled", "true");
      sparkConf.put("spark.eventLog.dir", settings.eventLogDir().toUri().toString());
    }
    sparkConf.put("spark.driver.host", LOOPBACK);
    sparkConf.put("spark.driver.bindAddress", LOOPBACK);

    long instances = count("spec.executor.instances", spec.path("executor").path("instances"), 1);
    long cores = count("spec.executor.cores", spec.path("executor").path("cores"), 1);
    long requestedThreads = Math.max(1, instances) * Math.max(1, cores);
    int threads = (int) Math.min(requestedThreads, settings.maxThreadsPerJob());

    Optional<String> requestedMemory =
        text(spec.path("driver"), "memory")
            .or(() -> text(spec.path("sparkConf"), "spark.driver.memory"));
    long memoryMib = RunPlan.DEFAULT_MEMORY_MIB;
    if (requestedMemory.isPresent()) {
      String field =
          spec.path("driver").hasNonNull("memory") ? "spec.driver.memory" : "spark.driver.memory";
      memoryMib = RunPlan.parseMemoryMib(field, requestedMemory.get());
    }
    memoryMib =
        Math.max(
            LocalSparkSettings.MIN_DRIVER_MEMORY_MIB,
            Math.min(memoryMib, settings.maxDriverMemoryMib()));

    return new SparkJob(
        mainClass,
        applicationFile,
        applicationJar,
        arguments,
        jars,
        files,
        sparkConf,
        ignored,
        threads,
        requestedThreads,
        memoryMib,
        requestedMemory,
        text(spec, "sparkVersion"));
  }

  /**
   * The driver JVM's command line: {@code java -Xmx… <module options> @<classpath file> SparkSubmit
   * --master local[N] --class … --conf k=v … <jar> <arguments>}.
   */
  List<String> command(Path java, SparkRuntime runtime, ApplicationRef app) {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.add("-Xmx" + driverMemoryMib + "m");
    command.addAll(MODULE_OPTIONS);
    command.add("-D" + APPLICATION_PROPERTY + "=" + app.namespace() + "/" + app.name());
    command.add("@" + runtime.classpathArgumentFile());
    command.add(SUBMIT_CLASS);
    command.add("--master");
    command.add("local[" + threads + "]");
    command.add("--class");
    command.add(mainClass);
    if (!jars.isEmpty()) {
      command.add("--jars");
      command.add(jars.stream().map(Path::toString).collect(Collectors.joining(",")));
    }
    if (!files.isEmpty()) {
      command.add("--files");
      command.add(files.stream().map(Path::toString).collect(Collectors.joining(",")));
    }
    sparkConf.forEach(
        (key, value) -> {
          command.add("--conf");
          command.add(key + "=" + value);
        });
    // The Spark operator names a run's SparkApplication in these properties (its pods' labels):
    // a History Server's environment of the run shows them, as it does for a real cluster's run.
    for (String role : List.of("driver", "executor")) {
      command.add("--conf");
      command.add(
          "spark.kubernetes." + role + ".label." + SparkPods.APP_NAME_LABEL + "=" + app.name());
    }
    command.add(applicationJar.toString());
    command.addAll(arguments);
    return command;
  }

  /**
   * What the local operator tells the driver's log before Spark's own output: how the request maps
   * to this run.
   */
  List<String> describe(SparkRuntime runtime) {
    List<String> lines = new ArrayList<>();
    lines.add(
        "runs "
            + mainClass
            + " from "
            + applicationJar
            + " with Spark "
            + runtime.sparkVersion()
            + " in local mode (local["
            + threads
            + "]) in a child JVM with -Xmx"
            + driverMemoryMib
            + "m");
    requestedSparkVersion
        .filter(version -> !sameMinorVersion(version, runtime.sparkVersion()))
        .ifPresent(
            version ->
                lines.add(
                    "this application asks for Spark "
                        + version
                        + "; the local clusters run every application with Spark "
                        + runtime.sparkVersion()));
    if (!applicationFile.equals(applicationJar.toString())) {
      lines.add(
          "mainApplicationFile " + applicationFile + " is " + applicationJar + " on this machine");
    }
    lines.add(
        "no executor pods: in local mode the driver runs the tasks on "
            + threads
            + " thread(s) (executor"
            + " instances x cores = "
            + requestedThreads
            + ")");
    requestedDriverMemory.ifPresent(
        memory ->
            lines.add(
                "driver memory "
                    + memory
                    + " becomes -Xmx"
                    + driverMemoryMib
                    + "m (local drivers get "
                    + LocalSparkSettings.MIN_DRIVER_MEMORY_MIB
                    + "m to the configured maximum)"));
    if (!ignoredConf.isEmpty()) {
      lines.add("Spark properties left out in local mode: " + String.join(", ", ignoredConf));
    }
    return lines;
  }

  private static boolean sameMinorVersion(String requested, String actual) {
    String[] a = requested.split("\\.");
    String[] b = actual.split("\\.");
    return a.length >= 2 && b.length >= 2 && a[0].equals(b[0]) && a[1].equals(b[1]);
  }

  private static long count(String field, JsonNode node, long fallback)
      throws InvalidSpecException {
    if (node.isMissingNode() || node.isNull()) {
      return fallback;
    }
    if (node.canConvertToExactIntegral() && node.asLong() >= 0) {
      return node.asLong();
    }
    if (node.isTextual() && node.asText().matches("\\d{1,9}")) {
      return Long.parseLong(node.asText());
    }
    throw new InvalidSpecException(
        "invalid " + field + " '" + node.asText() + "': expected a non-negative integer");
  }

  private static Optional<String> text(JsonNode node, String field) {
    return node.hasNonNull(field) ? Optional.of(node.get(field).asText()) : Optional.empty();
  }
}

package dev.bpg.local;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Spark that local clusters run jobs with, in child JVMs: the jars of the {@code spark-runtime}
 * module's build (Spark from Maven Central, listed in {@value #CLASSPATH_FILE}, plus the module's
 * own {@value #REPORTER_JAR}) and the project's examples jar. Spark is never loaded into the
 * gateway's JVM: its Jackson and Netty versions clash with the Kubernetes client's.
 */
public final class SparkRuntime {

  static final String CLASSPATH_FILE = "spark-classpath.txt";
  static final String REPORTER_JAR = "bpg-spark-runtime.jar";

  /**
   * The listener in {@value #REPORTER_JAR} that prints the application id; see {@link
   * #APPLICATION_ID_LINE}.
   */
  static final String REPORTER_CLASS = "dev.bpg.spark.ApplicationIdReporter";

  /**
   * The line the reporter writes to the driver's standard error when Spark has given the
   * application its id.
   */
  static final Pattern APPLICATION_ID_LINE =
      Pattern.compile("Batch Processing Gateway: Spark application id (\\S+)");

  private static final String BUILD_HINT =
      "build it with 'mvn -B package -DskipTests' in the repository's root (./bpg does that; the"
          + " first build fetches Spark from Maven Central)";
  private static final Pattern SPARK_CORE_JAR = Pattern.compile("spark-core_[0-9.]+-(.+)\\.jar");

  private final List<Path> classpath;
  private final Path classpathArgumentFile;
  private final String sparkVersion;
  private final Path examplesJar;

  private SparkRuntime(
      List<Path> classpath, Path classpathArgumentFile, String sparkVersion, Path examplesJar) {
    this.classpath = List.copyOf(classpath);
    this.classpathArgumentFile =
        requireNonNull(classpathArgumentFile, "classpathArgumentFile is null");
    this.sparkVersion = requireNonNull(sparkVersion, "sparkVersion is null");
    this.examplesJar = requireNonNull(examplesJar, "examplesJar is null");
  }

  /**
   * Reads the runtime that the {@code spark-runtime} build left in {@code runtimeDirectory} and
   * checks that every jar it names is there.
   *
   * @param runtimeDirectory the {@code spark-runtime/target} directory, with {@value
   *     #CLASSPATH_FILE} and {@value #REPORTER_JAR}
   * @param examplesJar the jar of the {@code spark-examples} module
   * @throws IllegalStateException naming the missing file and how to build it
   */
  public static SparkRuntime load(Path runtimeDirectory, Path examplesJar) {
    requireNonNull(runtimeDirectory, "runtimeDirectory is null");
    requireNonNull(examplesJar, "examplesJar is null");
    Path classpathFile = runtimeDirectory.resolve(CLASSPATH_FILE);
    if (!Files.isRegularFile(classpathFile)) {
      throw new IllegalStateException(
          "No Spark runtime for the local clusters: "
              + classpathFile
              + " is missing; "
              + BUILD_HINT
              + ".");
    }
    List<Path> classpath = new ArrayList<>();
    String text;
    try {
      text = Files.readString(classpathFile, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + classpathFile, e);
    }
    for (String entry : text.split(Pattern.quote(File.pathSeparator))) {
      if (entry.isBlank()) {
        continue;
      }
      Path jar = Path.of(entry);
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(
            "The Spark runtime of the local clusters is incomplete: "
                + jar
                + ", listed in "
                + classpathFile
                + ", is missing (was the local Maven repository cleaned?); "
                + BUILD_HINT
                + ".");
      }
      classpath.add(jar);
    }
    Path reporter = runtimeDirectory.resolve(REPORTER_JAR);
    if (!Files.isRegularFile(reporter)) {
      throw new IllegalStateException(
          "The Spark runtime of the local clusters is incomplete: "
              + reporter
              + " is missing; "
              + BUILD_HINT
              + ".");
    }
    classpath.add(reporter);
    if (!Files.isRegularFile(examplesJar)) {
      throw new IllegalStateException(
          "The Spark examples jar of the local clusters is missing: "
              + examplesJar
              + "; "
              + BUILD_HINT
              + ".");
    }
    String version =
        classpath.stream()
            .map(jar -> SPARK_CORE_JAR.matcher(jar.getFileName().toString()))
            .filter(Matcher::matches)
            .map(matcher -> matcher.group(1))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "The Spark runtime of the local clusters has no spark-core jar: "
                            + classpathFile
                            + "; "
                            + BUILD_HINT
                            + "."));
    return new SparkRuntime(
        classpath, argumentFile(classpath), version, examplesJar.toAbsolutePath());
  }

  /**
   * Writes {@code -cp <classpath>} to a temporary java argument file. A command line of 170 jar
   * paths is some 15 KB: ps shows it in full and Java's {@link ProcessHandle.Info} not at all
   * (Linux gives it only the first 4 KiB).
   */
  private static Path argumentFile(List<Path> classpath) {
    String joined =
        classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    String quoted = "\"" + joined.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    try {
      Path file = Files.createTempFile("bpg-spark-classpath-", ".args");
      file.toFile().deleteOnExit();
      Files.writeString(file, "-cp\n" + quoted + "\n", StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the classpath of the Spark drivers to a temporary file", e);
    }
  }

  /**
   * Loads the runtime from where the repository's build puts it: {@link #defaultRuntimeDirectory()}
   * and so on.
   */
  public static SparkRuntime loadDefault() {
    return load(defaultRuntimeDirectory(), defaultExamplesJar());
  }

  /**
   * {@code spark-runtime/target} in the repository this gateway was built in (or the working
   * directory).
   */
  public static Path defaultRuntimeDirectory() {
    return repositoryRoot().resolve("spark-runtime").resolve("target");
  }

  /**
   * {@code spark-examples/target/spark-examples.jar} in the repository this gateway was built in.
   */
  public static Path defaultExamplesJar() {
    return repositoryRoot()
        .resolve("spark-examples")
        .resolve("target")
        .resolve("spark-examples.jar");
  }

  /** The Spark version of the runtime, from its spark-core jar, such as {@code 4.0.2}. */
  public String sparkVersion() {
    return sparkVersion;
  }

  /** The jars of the driver JVM's classpath: Spark's and the application-id reporter. */
  List<Path> classpath() {
    return classpath;
  }

  /**
   * A java argument file ({@code java @file}) that sets the driver JVM's classpath to {@link
   * #classpath()}.
   */
  Path classpathArgumentFile() {
    return classpathArgumentFile;
  }

  /** The project's examples jar (SparkPi, WordCount), an absolute path. */
  public Path examplesJar() {
    return examplesJar;
  }

  @Override
  public String toString() {
    return "SparkRuntime[Spark "
        + sparkVersion
        + ", "
        + classpath.size()
        + " jars, examples "
        + examplesJar
        + "]";
  }

  /**
   * The root of the repository that holds this class: both {@code gateway/target/classes} (tests,
   * IDEs) and {@code gateway/target/bpg.jar} (./bpg) are three levels below it. Anywhere else, the
   * working directory. The other modules' builds (Spark runtime, examples, local databases) are
   * found from here.
   */
  public static Path repositoryRoot() {
    Path workingDirectory = Path.of("").toAbsolutePath();
    // Path::getParent gives null above the file system's root, which map turns into an empty
    // Optional.
    return codeLocation()
        .map(Path::getParent)
        .map(Path::getParent)
        .map(Path::getParent)
        .filter(root -> Files.isDirectory(root.resolve("spark-runtime")))
        .or(
            // A module's directory, as when its tests run from the local Maven repository's jars.
            () ->
                Optional.ofNullable(workingDirectory.getParent())
                    .filter(root -> Files.isDirectory(root.resolve("spark-runtime"))))
        .orElse(workingDirectory);
  }

  private static Optional<Path> codeLocation() {
    CodeSource source = SparkRuntime.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Path.of(source.getLocation().toURI()).toAbsolutePath());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}

package dev.bpg.bench;

import dev.bpg.local.SparkRuntime;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL or MariaDB server for the bench, in a process of its own started from the
 * {@code local-databases} module's build (its binaries come from Maven artifacts and never join the
 * gateway's classpath). Each gateway the bench starts gets a fresh database of its own on it, as
 * each gets a fresh H2 file.
 */
final class LocalDatabase implements AutoCloseable {
  static final String CLASSPATH_FILE = "local-databases-classpath.txt";
  static final String JAR = "bpg-local-databases.jar";
  static final String MAIN_CLASS = "dev.bpg.localdb.LocalDatabaseServer";
  private static final String READY = "BPG-DATABASE-READY ";
  private static final Pattern ADMIN_DATABASE =
      Pattern.compile("^(jdbc:[a-z]+://[^/]+/)([a-z]+)(\\?.*)$");

  private final ChildJvm process;
  private final String kind;
  private final String adminUrl;

  private LocalDatabase(ChildJvm process, String kind, String adminUrl) {
    this.process = process;
    this.kind = kind;
    this.adminUrl = adminUrl;
  }

  /** True for the kinds this class starts: {@code postgres} and {@code mariadb}. */
  static boolean isKind(String database) {
    return database.equals("postgres") || database.equals("mariadb");
  }

  /**
   * Starts a server and waits until it accepts connections.
   *
   * @param kind {@code postgres} or {@code mariadb}
   * @param moduleTarget the {@code local-databases/target} directory
   * @throws IllegalStateException if the module has not been built, or the server did not start in
   *     time
   */
  static LocalDatabase start(String kind, Path moduleTarget, Path workDir)
      throws IOException, InterruptedException {
    Path classpathFile = moduleTarget.resolve(CLASSPATH_FILE);
    Path jar = moduleTarget.resolve(JAR);
    if (!Files.isRegularFile(classpathFile) || !Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "the local database servers are not built ("
              + classpathFile
              + " or "
              + jar
              + " is missing): build them with 'mvn -B package -DskipTests' in the repository's"
              + " root (./bpg does that)");
    }
    String classpath =
        jar.toAbsolutePath() + File.pathSeparator + Files.readString(classpathFile).trim();
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path data = Files.createTempDirectory(workDir, kind + "-");
    ChildJvm process =
        ChildJvm.start(
            kind + "-" + port,
            classpath,
            MAIN_CLASS,
            List.of("-Xmx256m"),
            List.of(kind, Integer.toString(port), data.toString()),
            workDir);
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      String log = process.log();
      int ready = log.indexOf(READY);
      int end = ready < 0 ? -1 : log.indexOf('\n', ready);
      if (end > 0) {
        return new LocalDatabase(process, kind, log.substring(ready + READY.length(), end).trim());
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("the " + kind + " server stopped:\n" + process.logTail());
      }
      Thread.sleep(50);
    }
    process.close();
    throw new IllegalStateException(
        "the " + kind + " server did not start in time:\n" + process.logTail());
  }

  /** {@code local-databases/target} in the repository the gateway was built in. */
  static Path defaultModuleTarget() {
    return SparkRuntime.repositoryRoot().resolve("local-databases").resolve("target");
  }

  String kind() {
    return kind;
  }

  /** The administrative database's URL, with the user in it. */
  String adminUrl() {
    return adminUrl;
  }

  /**
   * Creates an empty database and gives its JDBC URL, with the user in it.
   *
   * @param name letters, digits and underscores
   */
  String createDatabase(String name) throws SQLException {
    if (!name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("not a database name: " + name);
    }
    try (Connection connection = DriverManager.getConnection(adminUrl);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    Matcher matcher = ADMIN_DATABASE.matcher(adminUrl);
    if (!matcher.matches()) {
      throw new IllegalStateException("unexpected URL of the " + kind + " server: " + adminUrl);
    }
    return matcher.group(1) + name.toLowerCase(Locale.ROOT) + matcher.group(3);
  }

  @Override
  public void close() {
    process.close();
  }
}

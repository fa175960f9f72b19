package dev.bpg.store;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.bpg.config.DatabaseConfig;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** The connection pool, with the schema brought up to date by the versioned migrations at start. */
public final class Database implements AutoCloseable {
  private final HikariDataSource dataSource;

  private Database(HikariDataSource dataSource) {
    this.dataSource = dataSource;
  }

  public static Database open(DatabaseConfig config) {
    requireNonNull(config, "config is null");
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(jdbcUrl(config.url()));
    hikari.setUsername(config.user());
    hikari.setPassword(config.password());
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setConnectionTimeout(Math.max(250, config.connectionTimeout().toMillis()));
    hikari.setPoolName("bpg-db");
    // Start even when the database is down; requests then fail with a clear 503 until it is back.
    hikari.setInitializationFailTimeout(-1);
    HikariDataSource dataSource = new HikariDataSource(hikari);
    try {
      Flyway.configure()
          .dataSource(dataSource)
          .locations(migrationLocations(config.url()))
          .load()
          .migrate();
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
    return new Database(dataSource);
  }

  /**
   * The URL to connect with. H2 closes its databases in a JVM shutdown hook of its own, which runs
   * beside the gateway's drain at SIGTERM and would fail the requests it still serves: the pool
   * closes an H2 database when the gateway stops instead.
   */
  static String jdbcUrl(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:h2:") && !lower.contains("db_close_on_exit")) {
      return url + ";DB_CLOSE_ON_EXIT=FALSE";
    }
    return url;
  }

  /**
   * The migrations common to every database, plus, for MySQL and MariaDB (either driver), those in
   * {@code db/migration-mysql}, which widen columns their TEXT type makes too narrow.
   */
  static String[] migrationLocations(String jdbcUrl) {
    String url = jdbcUrl.toLowerCase(Locale.ROOT);
    return url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:")
        ? new String[] {"classpath:db/migration", "classpath:db/migration-mysql"}
        : new String[] {"classpath:db/migration"};
  }

  public DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    dataSource.close();
  }
}

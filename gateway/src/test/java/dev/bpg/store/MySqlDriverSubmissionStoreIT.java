package dev.bpg.store;

import dev.bpg.artifact.LogArchiveIndex;
import dev.bpg.artifact.LogArchiveIndexContract;
import dev.bpg.config.DatabaseConfig;
import dev.bpg.console.SessionStore;
import dev.bpg.console.SessionStoreContract;
import dev.bpg.submission.SubmissionStore;
import dev.bpg.submission.SubmissionStoreContract;
import dev.bpg.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * The store contract on a real MariaDB server through MySQL's JDBC driver, as a gateway configured
 * with a {@code jdbc:mysql://} URL (Aurora MySQL, say) talks to its database.
 */
class MySqlDriverSubmissionStoreIT extends SubmissionStoreContract {
  private static Database database;

  @BeforeAll
  static void start() {
    int port = TestDatabases.mariaDbPort("store_mysql_driver");
    database =
        Database.open(
            new DatabaseConfig(
                "jdbc:mysql://127.0.0.1:" + port + "/store_mysql_driver", "root", "", 4, null));
  }

  @AfterAll
  static void stop() {
    database.close();
  }

  @Override
  protected SubmissionStore store() {
    return new JdbcSubmissionStore(database.dataSource(), JSON, COST);
  }

  /** The log archive's index on the same database. */
  @Nested
  class LogIndex extends LogArchiveIndexContract {
    @Override
    protected LogArchiveIndex index() {
      return new JdbcLogArchiveIndex(database.dataSource());
    }
  }

  /** The console's sessions on this database. */
  @Nested
  class ConsoleSessions extends SessionStoreContract {
    @Override
    protected SessionStore store() {

      return new JdbcSessionStore(database.dataSource());
    }
  }
}

package dev.bpg.store;

import dev.bpg.artifact.LogArchiveIndex;
import dev.bpg.artifact.LogArchiveIndexContract;
import dev.bpg.config.DatabaseConfig;
import dev.bpg.console.SessionStore;
import dev.bpg.console.SessionStoreContract;
import dev.bpg.submission.SubmissionStore;
import dev.bpg.submission.SubmissionStoreContract;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/** The store contract on H2, the embedded default. */
class H2SubmissionStoreIT extends SubmissionStoreContract {
  private Database database;

  @Override
  protected SubmissionStore store() {
    database =
        Database.open(
            new DatabaseConfig(
                "jdbc:h2:mem:store-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "sa",
                "",
                4,
                null));
    return new JdbcSubmissionStore(database.dataSource(), JSON, COST);
  }

  @AfterEach
  void close() {
    if (database != null) {
      database.close();
    }
  }

  /** The log archive's index on H2. */
  @Nested
  class LogIndex extends LogArchiveIndexContract {
    @Override
    protected LogArchiveIndex index() {
      store();
      return new JdbcLogArchiveIndex(database.dataSource());
    }
  }

  /** The console's sessions on this database. */
  @Nested
  class ConsoleSessions extends SessionStoreContract {
    @Override
    protected SessionStore store() {
      H2SubmissionStoreIT.this.store();
      return new JdbcSessionStore(database.dataSource());
    }
  }
}

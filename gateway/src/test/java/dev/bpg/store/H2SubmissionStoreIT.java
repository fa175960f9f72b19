package dev.bpg.store;

import dev.bpg.config.DatabaseConfig;
import dev.bpg.submission.SubmissionStore;
import dev.bpg.submission.SubmissionStoreContract;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

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
}

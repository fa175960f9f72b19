package dev.bpg.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {
  @Test
  void anH2DatabaseStaysOpenUntilThePoolClosesIt() {
    assertThat(Database.jdbcUrl("jdbc:h2:file:./data/bpg"))
        .isEqualTo("jdbc:h2:file:./data/bpg;DB_CLOSE_ON_EXIT=FALSE");
    assertThat(Database.jdbcUrl("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1"))
        .isEqualTo("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
    // A setting of its own is kept, and other databases are left as they are.
    assertThat(Database.jdbcUrl("jdbc:h2:file:x;DB_CLOSE_ON_EXIT=TRUE"))
        .isEqualTo("jdbc:h2:file:x;DB_CLOSE_ON_EXIT=TRUE");
    assertThat(Database.jdbcUrl("jdbc:postgresql://h/db")).isEqualTo("jdbc:postgresql://h/db");
  }
}

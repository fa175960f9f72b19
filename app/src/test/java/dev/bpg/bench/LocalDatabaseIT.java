package dev.bpg.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bench's database servers: started in a process of their own, one fresh database per gateway,
 * gone at close.
 */
class LocalDatabaseIT {

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "mariadb"})
  void eachDatabaseCreatedIsEmptyAndSeparateAndTheServerStopsAtClose(String kind, @TempDir Path dir)
      throws Exception {
    String first;
    try (LocalDatabase server =
        LocalDatabase.start(kind, LocalDatabase.defaultModuleTarget(), dir)) {
      first = server.createDatabase("bench_1");
      String second = server.createDatabase("bench_2");

      assertThat(first)
          .contains("/bench_1?")
          .startsWith("jdbc:" + (kind.equals("postgres") ? "postgresql" : "mariadb"));
      try (Connection connection = DriverManager.getConnection(first);
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE probe (id INT PRIMARY KEY)");
        statement.execute("INSERT INTO probe VALUES (7)");
        try (ResultSet rows = statement.executeQuery("SELECT id FROM probe")) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getInt(1)).isEqualTo(7);
        }
      }
      try (Connection connection = DriverManager.getConnection(second);
          Statement statement = connection.createStatement()) {
        assertThatThrownBy(() -> statement.executeQuery("SELECT id FROM probe"))
            .isInstanceOf(SQLException.class);
      }
    }
    assertThatThrownBy(() -> DriverManager.getConnection(first).close())
        .isInstanceOf(SQLException.class);
  }

  @Test
  void aMissingBuildIsNamedWithHowToBuildIt(@TempDir Path dir) {
    assertThatThrownBy(() -> LocalDatabase.start("postgres", dir.resolve("nowhere"), dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(LocalDatabase.CLASSPATH_FILE)
        .hasMessageContaining("mvn -B package");
  }
}

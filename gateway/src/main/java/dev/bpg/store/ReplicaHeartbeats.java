package dev.bpg.store;

import java.sql.SQLException;
import java.time.Instant;

/** The {@code gateway_replica} table: when each replica last said it was alive. */
final class ReplicaHeartbeats {
  private static final String UPDATE =
      "UPDATE gateway_replica SET heartbeat_at = ? WHERE replica_id = ?";
  private static final String INSERT =
      "INSERT INTO gateway_replica (replica_id, heartbeat_at) VALUES (?, ?)";

  private final Jdbc jdbc;

  ReplicaHeartbeats(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  int liveSince(Instant since) {
    return jdbc.find(
            "count the live replicas",
            "SELECT COUNT(*) FROM gateway_replica WHERE heartbeat_at >= ?",
            a -> a.millis(since),
            SqlRow::bigintNotNull)
        .map(Long::intValue)
        .orElse(0);
  }

  void beat(String replicaId, Instant at) {
    jdbc.inConnection(
        "record the replica's heartbeat",
        session -> {
          if (session.update(UPDATE, a -> a.millis(at).text(replicaId)) == 1) {
            return null;
          }
          try {
            session.update(INSERT, a -> a.text(replicaId).millis(at));
          } catch (SQLException e) {
            // Inserted by a beat of the same replica an instant ago: it is alive either way.
            if (!SqlFailures.isDuplicate(e)) {
              throw e;
            }
          }
          return null;
        });
  }
}

package dev.bpg.artifact;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The index in memory, with the rules of the table; shared by the replicas of a test. */
public final class InMemoryLogArchiveIndex implements LogArchiveIndex {
  private final Map<String, ArchivedLog> rows = new TreeMap<>();
  private final Map<String, Instant> claimedUntil = new TreeMap<>();

  @Override
  public synchronized boolean claim(
      String submissionId, String pod, String replicaId, Instant now, Duration lease) {
    String key = submissionId + "/" + pod;
    ArchivedLog row = rows.get(key);
    if (row != null
        && (row.state() != ArchivedLog.State.CLAIMED
            || (!row.claimedBy().equals(replicaId) && claimedUntil.get(key).isAfter(now)))) {
      return false;
    }
    rows.put(
        key,
        new ArchivedLog(
            submissionId,
            pod,
            ArchivedLog.State.CLAIMED,
            replicaId,
            Optional.empty(),
            0,
            false,
            Optional.empty(),
            Optional.empty()));
    claimedUntil.put(key, now.plus(lease));
    return true;
  }

  @Override
  public synchronized void archived(
      String submissionId, String pod, String key, long sizeBytes, boolean truncated, Instant at) {
    if (rows.get(submissionId + "/" + pod).state() == ArchivedLog.State.DELETED) {
      return;
    }
    update(
        submissionId,
        pod,
        ArchivedLog.State.ARCHIVED,
        Optional.of(key),
        sizeBytes,
        truncated,
        at,
        null);
  }

  @Override
  public synchronized void lost(String submissionId, String pod, String reason, Instant at) {
    if (rows.get(submissionId + "/" + pod).state() == ArchivedLog.State.CLAIMED) {
      update(submissionId, pod, ArchivedLog.State.LOST, Optional.empty(), 0, false, at, reason);
    }
  }

  @Override
  public synchronized void deleted(String submissionId, String pod, Instant at) {
    ArchivedLog row = rows.get(submissionId + "/" + pod);
    if (row.state() == ArchivedLog.State.ARCHIVED) {
      update(
          submissionId,
          pod,
          ArchivedLog.State.DELETED,
          row.key(),
          row.sizeBytes(),
          row.truncated(),
          at,
          null);
    }
  }

  @Override
  public synchronized List<ArchivedLog> find(String submissionId) {
    return rows.values().stream().filter(r -> r.submissionId().equals(submissionId)).toList();
  }

  @Override
  public synchronized List<ArchivedLog> archivedBefore(Instant cutoff, int limit) {
    return rows.values().stream()
        .filter(
            r -> r.state() == ArchivedLog.State.ARCHIVED && r.at().orElseThrow().isBefore(cutoff))
        .sorted(Comparator.comparing(r -> r.at().orElseThrow()))
        .limit(limit)
        .toList();
  }

  public synchronized List<ArchivedLog> all() {
    return new ArrayList<>(rows.values());
  }

  private void update(
      String submissionId,
      String pod,
      ArchivedLog.State state,
      Optional<String> key,
      long size,
      boolean truncated,
      Instant at,
      String detail) {
    ArchivedLog row = rows.get(submissionId + "/" + pod);
    rows.put(
        submissionId + "/" + pod,
        new ArchivedLog(
            submissionId,
            pod,
            state,
            row.claimedBy(),
            key,
            size,
            truncated,
            Optional.of(at),
            Optional.ofNullable(detail)));
  }
}

package dev.bpg.routing;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * The chosen cluster with the reasons: which clusters were eligible and why each other one was not. It
 * is recorded with the submission so that every routing decision can be explained later.
 */
public record RoutingDecision(String clusterId, List<String> eligible, Map<String, String> excluded) {
  public RoutingDecision {
    requireNonNull(clusterId, "clusterId is null");
    eligible = List.copyOf(eligible);
    excluded = Map.copyOf(excluded);
  }

  /** A one-line explanation for the submission record and the log. */
  public String reason() {
    StringBuilder text = new StringBuilder("chose ").append(clusterId).append(" among ").append(eligible);
    if (!excluded.isEmpty()) {
      text.append("; excluded ");
      excluded.entrySet().stream().sorted(Map.Entry.comparingByKey())
          .forEach(e -> text.append(e.getKey()).append(" (").append(e.getValue()).append(") "));
    }
    return text.toString().trim();
  }
}

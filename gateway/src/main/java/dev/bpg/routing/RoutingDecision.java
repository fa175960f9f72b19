package dev.bpg.routing;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The chosen cluster with the reasons: which clusters were eligible and why each other one was not.
 * {@code fallbacks} are the clusters to try, in order, when a create on the chosen one fails for a
 * reason that is not the request's. {@code queued} means every eligible cluster is full: the
 * submission waits in the gateway, and {@code clusterId} is only the one it is meant for.
 */
public record RoutingDecision(
    String clusterId,
    List<String> fallbacks,
    List<String> eligible,
    Map<String, String> excluded,
    boolean queued) {

  public RoutingDecision {
    requireNonNull(clusterId, "clusterId is null");
    fallbacks = List.copyOf(fallbacks);
    eligible = List.copyOf(eligible);
    excluded = Map.copyOf(excluded);
  }

  /** The chosen cluster, then the fallbacks. */
  public List<String> attemptOrder() {
    return Stream.concat(Stream.of(clusterId), fallbacks.stream()).toList();
  }

  /** A one-line explanation for the submission record and the log. */
  public String reason() {
    StringBuilder text =
        new StringBuilder(queued ? "queued for " : "chose ")
            .append(clusterId)
            .append(" among ")
            .append(eligible);
    if (!excluded.isEmpty()) {
      text.append("; excluded ");
      excluded.entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(e -> text.append(e.getKey()).append(" (").append(e.getValue()).append(") "));
    }
    return text.toString().trim();
  }
}

package dev.bpg.routing;

import static java.util.Objects.requireNonNull;

import dev.bpg.config.QueueConfig;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the queue of a submission: the one the request names, else the first configured queue that
 * lists the user, else {@code poc} as in the reference gateway. The choice is made once per
 * submission and is deterministic (the reference picked at random, twice).
 */
public final class QueueResolver {
  public static final String FALLBACK_QUEUE = "poc";

  private final List<QueueConfig> queues;

  public QueueResolver(List<QueueConfig> queues) {
    this.queues = List.copyOf(requireNonNull(queues, "queues is null"));
  }

  /** Resolves and checks the queue; an unknown queue is the caller's error, reported as such. */
  public ResolvedQueue resolve(Optional<String> requested, String user) {
    requireNonNull(requested, "requested is null");
    requireNonNull(user, "user is null");
    String name =
        requested
            .map(QueueResolver::normalize)
            .filter(q -> !q.isEmpty())
            .or(() -> defaultQueueOf(user))
            .orElse(FALLBACK_QUEUE);
    QueueConfig full =
        find(name)
            .orElseThrow(
                () ->
                    new GatewayException(
                        ErrorCode.UNKNOWN_QUEUE,
                        "queue: '" + name + "' does not exist; known queues: " + names()));
    String parentName = parentOf(full.name());
    QueueConfig parent = find(parentName).orElse(full);
    return new ResolvedQueue(full.name(), parent.name(), full, parent);
  }

  private Optional<String> defaultQueueOf(String user) {
    return queues.stream()
        .filter(q -> q.users().stream().anyMatch(u -> u.equalsIgnoreCase(user)))
        .map(QueueConfig::name)
        .findFirst();
  }

  private Optional<QueueConfig> find(String name) {
    return queues.stream().filter(q -> q.name().equalsIgnoreCase(name)).findFirst();
  }

  private List<String> names() {
    return queues.stream().map(QueueConfig::name).toList();
  }

  /** Collapses runs of dots and trims dots at both ends, as the reference gateway does. */
  static String normalize(String queue) {
    String collapsed = queue.trim().replaceAll("\\.+", ".");
    int start = 0;
    int end = collapsed.length();
    while (start < end && collapsed.charAt(start) == '.') {
      start++;
    }
    while (end > start && collapsed.charAt(end - 1) == '.') {
      end--;
    }
    return collapsed.substring(start, end);
  }

  static String parentOf(String queue) {
    int dot = queue.indexOf('.');
    return (dot < 0 ? queue : queue.substring(0, dot)).toLowerCase(Locale.ROOT);
  }

  /**
   * The queue named by the submission and its parent (the text before the first dot), which decides
   * routing, placement and the running-time limit.
   */
  public record ResolvedQueue(
      String name, String parentName, QueueConfig queue, QueueConfig parent) {
    public ResolvedQueue {
      requireNonNull(name, "name is null");
      requireNonNull(parentName, "parentName is null");
      requireNonNull(queue, "queue is null");
      requireNonNull(parent, "parent is null");
    }

    /** The YuniKorn-style queue path that labels and scheduler options carry. */
    public String rootPath() {
      return "root." + name;
    }
  }
}

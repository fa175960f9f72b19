package dev.bpg.submission.policy;

import static java.util.Objects.requireNonNull;

import dev.bpg.config.AuthConfig;
import dev.bpg.config.ClusterConfig;
import dev.bpg.config.QueueConfig;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may submit where, and for whom: a queue's {@code allowedUsers}, the queue token of a secure
 * queue, a {@code clusterId} pin, and the user a delegating caller names as {@code dagUser}.
 */
public final class QueueAccess {
  private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,254}");

  private final Set<String> delegatingUsers;
  private final Set<String> admins;
  private final Set<String> blocked;
  private final Set<String> allowed;
  private final boolean delegationToAdmins;
  private final QueueTokens tokens;

  public QueueAccess(AuthConfig auth, QueueTokens tokens) {
    requireNonNull(auth, "auth is null");
    this.delegatingUsers = Set.copyOf(auth.delegatingUsers());
    this.admins = Set.copyOf(auth.adminUsers());
    this.blocked = Set.copyOf(auth.blockedUsers());
    this.allowed = Set.copyOf(auth.allowedUsers());
    this.delegationToAdmins = auth.delegationToAdmins();
    this.tokens = requireNonNull(tokens, "tokens is null");
  }

  /**
   * The owner of a submission the caller makes: the caller, or the {@code dagUser} a delegating
   * caller names, which must be a user name the gateway would let in itself.
   */
  public String ownerFor(String caller, Optional<String> dagUser) {
    Optional<String> named = dagUser.filter(user -> !user.isBlank());
    if (!delegatingUsers.contains(caller) || named.isEmpty()) {
      return caller;
    }
    String user = named.get();
    if (!USER_NAME.matcher(user).matches()) {
      throw GatewayException.invalidField(
          "dagUser",
          "'"
              + KubernetesNames.printable(user)
              + "' is not a user name (letters, digits, '.', '_', '@', '+', '-')");
    }
    if (blocked.contains(user) || !(allowed.contains("*") || allowed.contains(user))) {
      throw forbidden("dagUser: user '" + user + "' may not use the gateway");
    }
    if (admins.contains(user) && !delegationToAdmins) {
      throw forbidden(
          "dagUser: '" + user + "' is an admin; a delegating user may not submit as an admin");
    }
    return user;
  }

  /**
   * Checks that {@code owner} (in {@code groups}) may submit to the queue (and its parent), with
   * the queue's token when either is secure.
   */
  public void checkQueue(
      QueueConfig queue,
      QueueConfig parent,
      String owner,
      Set<String> groups,
      Optional<String> queueToken) {
    for (QueueConfig each : queue == parent ? Set.of(queue) : Set.of(queue, parent)) {
      if (!each.allows(owner, groups)) {
        throw forbidden(
            "queue: user '" + owner + "' may not submit to queue '" + each.name() + "'");
      }
    }
    if (queue.secure() || parent.secure()) {
      tokens.check(queue.name(), queueToken);
    }
  }

  /**
   * Checks a {@code clusterId} pin: the cluster must serve the queue (routing checks the version),
   * and a cluster of weight 0, which takes no routed submissions, takes pinned ones from admins
   * only.
   */
  public void checkPin(ClusterConfig cluster, String parentQueue, boolean callerIsAdmin) {
    if (!cluster.servesQueue(parentQueue)) {
      throw GatewayException.invalidField(
          "clusterId", "cluster " + cluster.id() + " does not serve queue " + parentQueue);
    }
    if (cluster.weight() == 0 && !callerIsAdmin) {
      throw forbidden(
          "clusterId: cluster " + cluster.id() + " takes no submissions; only admins may pin it");
    }
  }

  private static GatewayException forbidden(String message) {
    return new GatewayException(ErrorCode.FORBIDDEN, message);
  }
}

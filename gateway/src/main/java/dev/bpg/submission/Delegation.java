package dev.bpg.submission;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Who a submission is for: the caller, or, when the caller is a delegating user (a scheduler's
 * system account), the user it names as {@code dagUser}.
 */
public final class Delegation {
  private final Set<String> delegatingUsers;

  public Delegation(Collection<String> delegatingUsers) {
    this.delegatingUsers = Set.copyOf(delegatingUsers);
  }

  /** The owner of a submission the caller makes, naming {@code dagUser} or not. */
  public String ownerFor(Caller caller, Optional<String> dagUser) {
    if (!delegatingUsers.contains(caller.name())) {
      return caller.name();
    }
    return dagUser.filter(user -> !user.isBlank()).orElse(caller.name());
  }
}

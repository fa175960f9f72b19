package dev.bpg.submission;

import static java.util.Objects.requireNonNull;

import java.security.Principal;
import java.util.Set;

/**
 * The authenticated caller of a request, with the groups its identity provider says it is in (none
 * for Basic and API-token callers).
 */
public record Caller(String name, boolean admin, Set<String> groups) implements Principal {
  public Caller {
    requireNonNull(name, "name is null");
    groups = Set.copyOf(groups);
  }

  public Caller(String name, boolean admin) {
    this(name, admin, Set.of());
  }

  @Override
  public String getName() {
    return name;
  }
}

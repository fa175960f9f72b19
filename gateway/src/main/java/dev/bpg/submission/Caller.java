package dev.bpg.submission;

import static java.util.Objects.requireNonNull;

import java.security.Principal;

/** The authenticated caller of a request. */
public record Caller(String name, boolean admin) implements Principal {
  public Caller {
    requireNonNull(name, "name is null");
  }

  @Override
  public String getName() {
    return name;
  }
}

package dev.bpg.console;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Set;

/**
 * A signed-in browser: who it speaks for and until when. Only the SHA-256 of the session's token is
 * kept (the cookie holds the token), so the table gives nobody a session. {@code groups} and {@code
 * groupAdmin} are what an identity provider's token said at sign-in; a password user has none, and
 * whether they are an admin is read from the configuration at every request. {@code credential}
 * fingerprints the configured password or API token it signed in with ({@code oidc} for an identity
 * provider's token), so that the session ends once that is changed or removed.
 */
public record ConsoleSession(
    String tokenHash,
    String user,
    Set<String> groups,
    boolean groupAdmin,
    Instant createdAt,
    Instant expiresAt,
    String credential) {
  public ConsoleSession {
    requireNonNull(tokenHash, "tokenHash is null");
    requireNonNull(user, "user is null");
    groups = Set.copyOf(groups);
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(expiresAt, "expiresAt is null");
    requireNonNull(credential, "credential is null");
  }

  public boolean expired(Instant now) {
    return !now.isBefore(expiresAt);
  }
}

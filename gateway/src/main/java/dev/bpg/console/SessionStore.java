package dev.bpg.console;

import java.time.Instant;
import java.util.Optional;

/**
 * Where console sessions are kept: the database every replica shares, so that a browser signed in
 * on one replica is signed in on all, and signing out ends the session on all of them at once.
 */
public interface SessionStore {
  /** Records a session; IllegalArgumentException when its groups take more than it holds. */
  void create(ConsoleSession session);

  Optional<ConsoleSession> find(String tokenHash);

  /** Ends a session; nothing happens for one that is not there. */
  void delete(String tokenHash);

  /** Removes the sessions that have expired; returns how many. */
  int deleteExpired(Instant now);
}

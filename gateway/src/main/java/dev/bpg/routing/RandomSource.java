package dev.bpg.routing;

/** The source of routing draws, injected so that tests choose the draw and expect an exact pick. */
@FunctionalInterface
public interface RandomSource {
  /** A uniformly drawn integer in {@code [0, bound)}; {@code bound} is positive. */
  int nextInt(int bound);
}

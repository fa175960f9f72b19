package dev.bpg.local;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The distinct calls that clients with credentials (a gateway; the local operator has none) made to
 * a local API server, as {@code METHOD /path} with {@code ?watch} for a watch: what the tests hold
 * against the RBAC Role the gateway is given on a real cluster. At most {@value #MAX} are kept.
 */
final class ClientCalls {
  static final int MAX = 10_000;

  private final Set<String> calls = ConcurrentHashMap.newKeySet();

  void record(String method, String path, boolean watch) {
    if (calls.size() < MAX) {
      calls.add(method + " " + path + (watch ? "?watch" : ""));
    }
  }

  Set<String> snapshot() {
    return Set.copyOf(calls);
  }
}

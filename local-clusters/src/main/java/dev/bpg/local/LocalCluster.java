package dev.bpg.local;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Set;

/** One running local cluster: an API server on a loopback port and its local Spark operator. */
public final class LocalCluster {

  private final String id;
  private final String namespace;
  private final LocalApiServer server;
  private final KubernetesClient client;
  private final LocalSparkOperator operator;

  LocalCluster(
      String id,
      String namespace,
      LocalApiServer server,
      KubernetesClient client,
      LocalSparkOperator operator) {
    this.id = requireNonNull(id, "id is null");
    this.namespace = requireNonNull(namespace, "namespace is null");
    this.server = requireNonNull(server, "server is null");
    this.client = requireNonNull(client, "client is null");
    this.operator = requireNonNull(operator, "operator is null");
  }

  public String id() {
    return id;
  }

  /** The namespace created at start, into which applications are submitted. */
  public String namespace() {
    return namespace;
  }

  /**
   * The distinct calls that clients with credentials (a gateway) made to the API server so far, as
   * {@code METHOD /path}, with {@code ?watch} for watches.
   */
  public Set<String> clientCalls() {
    return server.clientCalls();
  }

  /** The API server's URL, {@code http://127.0.0.1:<port>}. */
  public String masterUrl() {
    return server.masterUrl();
  }

  public int port() {
    return server.port();
  }

  /**
   * The client the local operator uses, for tests and tools. It belongs to the cluster: do not
   * close it, and prefer a client of your own for anything the gateway itself does.
   */
  public KubernetesClient client() {
    return client;
  }

  /**
   * Takes the cluster's API server down, for fault tests: it refuses connections until {@link
   * #resumeApiServer()}, and keeps what it stored. The local operator keeps retrying meanwhile.
   */
  public void stopApiServer() {
    server.stopListening();
  }

  /** Brings the API server back on the same port with the same objects. */
  public void resumeApiServer() {
    server.resumeListening();
  }

  LocalApiServer server() {
    return server;
  }

  LocalSparkOperator operator() {
    return operator;
  }

  @Override
  public String toString() {
    return "LocalCluster[" + id + " at " + masterUrl() + "]";
  }
}

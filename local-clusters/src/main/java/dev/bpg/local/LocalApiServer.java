package dev.bpg.local;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One in-process Kubernetes API server on a loopback port: the fabric8 CRUD dispatcher for objects
 * (with the {@code SparkApplication} CRD registered) behind a Vert.x HTTP server of our own, plus
 * discovery and pod logs.
 */
final class LocalApiServer implements AutoCloseable {

  private static final String LOOPBACK = "127.0.0.1";
  private static final long TIMEOUT_SECONDS = 10;
  // The WebSocket sub-protocols of the Kubernetes API (exec, attach, port-forward), as fabric8's
  // mock offers them.
  private static final List<String> WEBSOCKET_SUB_PROTOCOLS =
      List.of("v1.channel.k8s.io", "v2.channel.k8s.io", "v3.channel.k8s.io", "v4.channel.k8s.io");

  private final Vertx vertx;
  private final HttpServerOptions options;
  private final ApiRequestHandler handler;
  private final PodLogs podLogs;
  private final int port;
  private volatile HttpServer server;

  private LocalApiServer(
      Vertx vertx,
      HttpServerOptions options,
      ApiRequestHandler handler,
      HttpServer server,
      PodLogs podLogs) {
    this.vertx = requireNonNull(vertx, "vertx is null");
    this.options = requireNonNull(options, "options is null");
    this.handler = requireNonNull(handler, "handler is null");
    this.server = requireNonNull(server, "server is null");
    this.podLogs = requireNonNull(podLogs, "podLogs is null");
    this.port = server.actualPort();
  }

  /**
   * Starts a server on 127.0.0.1 and registers the {@code SparkApplication} CRD.
   *
   * @param port the port, or 0 for a free one
   * @throws IllegalStateException if the port cannot be bound
   */
  static LocalApiServer start(Vertx vertx, int port) {
    requireNonNull(vertx, "vertx is null");
    KubernetesCrudDispatcher dispatcher = new KubernetesCrudDispatcher();
    registerSparkApplicationCrd(dispatcher);
    PodLogs podLogs = new PodLogs();
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(LOOPBACK)
            .setPort(port)
            .setWebSocketSubProtocols(WEBSOCKET_SUB_PROTOCOLS)
            .setHandle100ContinueAutomatically(true);
    ApiRequestHandler handler =
        new ApiRequestHandler(vertx, dispatcher, podLogs, new ObjectMapper());
    HttpServer server = vertx.createHttpServer(options).requestHandler(handler);
    await(server.listen(), "start the local API server on " + LOOPBACK + ":" + port);
    return new LocalApiServer(vertx, options, handler, server, podLogs);
  }

  int port() {
    return port;
  }

  /**
   * Stops listening, as an API server that goes down would: connections and watches break, new ones
   * are refused. The stored objects stay, for {@link #resumeListening()}.
   */
  synchronized void stopListening() {
    await(server.close(), "stop the local API server on port " + port);
  }

  /** Listens again on the same port, with the objects it held before. */
  synchronized void resumeListening() {
    HttpServer resumed =
        vertx
            .createHttpServer(new HttpServerOptions(options).setPort(port))
            .requestHandler(handler);
    await(resumed.listen(), "resume the local API server on port " + port);
    server = resumed;
  }

  String masterUrl() {
    return "http://" + LOOPBACK + ":" + port();
  }

  /** The distinct calls clients with credentials made, as {@code METHOD /path[?watch]}. */
  Set<String> clientCalls() {
    return handler.clientCalls().snapshot();
  }

  /** The logs of the pods of this cluster, written by its local operator. */
  PodLogs podLogs() {
    return podLogs;
  }

  /** Ends every log stream and stops listening. */
  @Override
  public void close() {
    podLogs.closeAll();
    await(server.close(), "stop the local API server on port " + port);
  }

  // Straight into the dispatcher rather than over HTTP: the server needs no client of its own for
  // this.
  private static void registerSparkApplicationCrd(KubernetesCrudDispatcher dispatcher) {
    String crd = new KubernetesSerialization().asJson(SparkApplicationResource.definition());
    MockResponse response =
        dispatcher.dispatch(
            new RecordedRequest(
                "HTTP/1.1",
                HttpMethod.POST,
                "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
                Headers.builder().add("Content-Type", "application/json").build(),
                new Buffer(crd.getBytes(StandardCharsets.UTF_8))));
    if (response.code() != 201) {
      throw new IllegalStateException(
          "registering the SparkApplication CRD failed with HTTP "
              + response.code()
              + ": "
              + (response.getBody() == null ? "" : response.getBody().readUtf8()));
    }
  }

  /** Waits for a Vert.x future; used for start and stop only, never on an event loop. */
  static <T> T await(Future<T> future, String action) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while trying to " + action, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "could not " + action + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "could not " + action + " within " + TIMEOUT_SECONDS + " s", e);
    }
  }
}

package dev.bpg.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.vertx.ServerWebSocketHandler;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the requests of one local API server: discovery and pod logs itself, everything else
 * through the fabric8 CRUD dispatcher. Unlike fabric8's {@code MockWebServer} it streams log bodies
 * and keeps no history of requests.
 */
final class ApiRequestHandler implements Handler<HttpServerRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(ApiRequestHandler.class);

  private static final Pattern POD_LOG_PATH =
      Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/log/?");
  private static final Pattern POD_PATH =
      Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/?");
  private static final Pattern EVENT_LIST_PATH =
      Pattern.compile("/api/v1(/namespaces/[^/]+)?/events/?");
  // The only fields the dispatcher indexes, so the only ones whose selector terms it can evaluate.
  private static final Set<String> DISPATCHER_FIELDS =
      Set.of("metadata.name", "metadata.namespace");
  private static final Set<HttpMethod> WRITES =
      Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

  private final KubernetesCrudDispatcher dispatcher;
  private final PodLogs podLogs;
  private final ObjectMapper mapper;
  private final ApiResponses responses;
  private final PodLogEndpoint logs;
  private final WriteChecks writeChecks;
  private final Vertx vertx;
  private final ClientCalls clientCalls = new ClientCalls();

  ApiRequestHandler(
      Vertx vertx, KubernetesCrudDispatcher dispatcher, PodLogs podLogs, ObjectMapper mapper) {
    this.vertx = requireNonNull(vertx, "vertx is null");
    this.dispatcher = requireNonNull(dispatcher, "dispatcher is null");
    this.podLogs = requireNonNull(podLogs, "podLogs is null");
    this.mapper = requireNonNull(mapper, "mapper is null");
    this.responses = new ApiResponses(mapper);
    this.writeChecks = new WriteChecks(mapper);
    this.logs = new PodLogEndpoint(vertx, dispatcher, podLogs, responses);
  }

  /** The calls of clients with credentials so far. */
  ClientCalls clientCalls() {
    return clientCalls;
  }

  @Override
  public void handle(HttpServerRequest request) {
    if (request.headers().contains("Authorization")) {
      clientCalls.record(
          request.method().name(), request.path(), "true".equals(request.getParam("watch")));
    }
    if (isGet(request)) {
      Optional<String> discovery = DiscoveryDocuments.forPath(request.path());
      if (discovery.isPresent()) {
        ApiResponses.json(request.response(), 200, discovery.get());
        return;
      }
      Matcher log = POD_LOG_PATH.matcher(request.path());
      if (log.matches()) {
        logs.serve(request, log.group(1), log.group(2));
        return;
      }
    }
    if (hasBody(request)) {
      request
          .body()
          .onSuccess(body -> dispatch(request, body.getBytes()))
          .onFailure(
              error -> responses.status(request.response(), 400, "BadRequest", error.getMessage()));
    } else {
      dispatch(request, new byte[0]);
    }
  }

  private void dispatch(HttpServerRequest request, byte[] body) {
    HttpMethod method;
    try {
      method = HttpMethod.fromVertx(request.method());
    } catch (IllegalArgumentException e) {
      responses.status(
          request.response(),
          405,
          "MethodNotAllowed",
          "method " + request.method() + " is not supported");
      return;
    }
    String uri = request.uri();
    Optional<FieldSelector> selectorToApply = Optional.empty();
    if (WRITES.contains(method)) {
      // The dispatcher recognises a status write by the path ending in "/status" and silently
      // ignores one that carries a query string (kubectl always adds ?fieldManager=...). It honours
      // no write parameter (not even dryRun), so dropping them loses nothing.
      uri = request.path();
    } else if (method == HttpMethod.GET
        && EVENT_LIST_PATH.matcher(request.path()).matches()
        && !isWatch(request)) {
      String fieldSelector = request.getParam("fieldSelector");
      if (fieldSelector != null) {
        FieldSelector selector;
        try {
          selector = FieldSelector.parse(fieldSelector);
        } catch (IllegalArgumentException e) {
          responses.status(request.response(), 400, "BadRequest", e.getMessage());
          return;
        }
        // The real API server filters events by any of their fields (involvedObject.name, reason,
        // type, ...). The dispatcher matches a selector only against its index of metadata fields,
        // so a term like involvedObject.name=x matches no event at all. Pass it the terms it
        // understands and apply the rest here. Watches are left as they are: a watch of events with
        // such a selector sees no events on a local cluster.
        FieldSelector ownTerms = selector.filter(term -> !DISPATCHER_FIELDS.contains(term.field()));
        if (!ownTerms.isEmpty()) {
          selectorToApply = Optional.of(ownTerms);
          uri =
              withFieldSelector(
                  request, selector.filter(term -> DISPATCHER_FIELDS.contains(term.field())));
        }
      }
    }
    if (WRITES.contains(method)) {
      WriteChecks.Outcome checked =
          writeChecks.check(method == HttpMethod.POST, request.path(), body);
      if (checked.refusal() != null) {
        WriteChecks.Refusal refusal = checked.refusal();
        responses.status(request.response(), refusal.code(), refusal.reason(), refusal.message());
        return;
      }
      body = checked.body();
      if (!checked.delay().isZero()) {
        byte[] delayed = body;
        String delayedUri = uri;
        Optional<FieldSelector> delayedSelector = selectorToApply;
        vertx.setTimer(
            checked.delay().toMillis(),
            timer -> store(request, method, delayedUri, delayed, delayedSelector));
        return;
      }
    }
    store(request, method, uri, body, selectorToApply);
  }

  private void store(
      HttpServerRequest request,
      HttpMethod method,
      String uri,
      byte[] body,
      Optional<FieldSelector> selectorToApply) {
    RecordedRequest recorded =
        new RecordedRequest(
            request.version().alpnName().toUpperCase(Locale.ROOT),
            method,
            uri,
            Headers.builder().addAll(request.headers()).build(),
            new Buffer(body));
    MockResponse response;
    try {
      response = dispatcher.dispatch(recorded);
    } catch (RuntimeException e) {
      LOG.warn("The CRUD dispatcher failed on {} {}", request.method(), request.uri(), e);
      responses.status(
          request.response(), 500, "InternalError", "local API server error: " + e.getMessage());
      return;
    }
    if (response.getWebSocketListener() != null) {
      // Watches: the dispatcher has registered a listener that pushes watch events over the
      // upgraded connection.
      request
          .toWebSocket()
          .onSuccess(new ServerWebSocketHandler(recorded, response))
          .onFailure(
              error -> responses.status(request.response(), 400, "BadRequest", error.getMessage()));
      return;
    }
    if (method == HttpMethod.DELETE && response.code() == 200) {
      Matcher pod = POD_PATH.matcher(request.path());
      if (pod.matches()) {
        podLogs.remove(pod.group(1), pod.group(2));
      }
    }
    send(request, response, selectorToApply);
  }

  private void send(
      HttpServerRequest request, MockResponse response, Optional<FieldSelector> selector) {
    int code = response.code() == 0 ? 500 : response.code();
    byte[] body = response.getBody() == null ? new byte[0] : response.getBody().getBytes();
    if (body.length == 0 && code == 404) {
      responses.status(
          request.response(), 404, "NotFound", ApiResponses.notFoundMessage(request.path()));
      return;
    }
    if (code == 200 && isGet(request)) {
      body = ListKinds.retype(request.path(), body);
    }
    if (selector.isPresent() && code == 200) {
      try {
        body = filterItems(body, selector.get());
      } catch (IOException e) {
        responses.status(
            request.response(),
            500,
            "InternalError",
            "cannot filter the event list: " + e.getMessage());
        return;
      }
    }
    HttpServerResponse out = request.response();
    out.setStatusCode(code);
    for (Map.Entry<String, List<String>> header : response.getHeaders().toMultimap().entrySet()) {
      out.headers().add(header.getKey(), header.getValue());
    }
    if (body.length > 0 && !out.headers().contains("Content-Type")) {
      // Everything the dispatcher returns is JSON; kubectl decodes a body only when it is labelled
      // so.
      out.putHeader("Content-Type", "application/json");
    }
    ApiResponses.end(out, body);
  }

  private byte[] filterItems(byte[] listJson, FieldSelector selector) throws IOException {
    JsonNode list = mapper.readTree(listJson);
    if (!(list instanceof ObjectNode listObject)
        || !(list.get("items") instanceof ArrayNode items)) {
      return listJson;
    }
    ArrayNode kept = mapper.createArrayNode();
    items.forEach(
        item -> {
          if (selector.matches(item)) {
            kept.add(item);
          }
        });
    listObject.set("items", kept);
    return mapper.writeValueAsBytes(listObject);
  }

  private static boolean isGet(HttpServerRequest request) {
    return "GET".equals(request.method().name());
  }

  private static boolean isWatch(HttpServerRequest request) {
    return Boolean.parseBoolean(request.getParam("watch"));
  }

  private static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader("Content-Length");
    if (length != null && !length.isBlank()) {
      return !"0".equals(length.trim());
    }
    return request.headers().contains("Content-Type")
        || request.headers().contains("Transfer-Encoding");
  }

  /**
   * The request's URI with its field selector replaced by {@code selector} (dropped when empty).
   */
  private static String withFieldSelector(HttpServerRequest request, FieldSelector selector) {
    List<String> parameters = new ArrayList<>();
    request
        .params()
        .forEach(
            (name, value) -> {
              if (!"fieldSelector".equals(name)) {
                parameters.add(encode(name) + "=" + encode(value));
              }
            });
    if (!selector.isEmpty()) {
      parameters.add("fieldSelector=" + encode(selector.toString()));
    }
    return parameters.isEmpty()
        ? request.path()
        : request.path() + "?" + String.join("&", parameters);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, UTF_8);
  }
}

package dev.bpg.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Requests generated from the gateway's own OpenAPI document: every operation, with valid, mutated
 * and hostile paths, query parameters, headers and bodies, written as raw HTTP so that nothing a
 * well-behaved client would refuse to send is left out.
 */
final class FuzzRequests {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One operation of the document: method, path template, query parameter names. */
  record Operation(String method, String path, List<String> query) {}

  /** A request: the head (request line and headers, without Host) and the body. */
  record Request(String label, String method, String head, String body) {}

  private final List<Operation> operations;
  private final String sparkPi;
  private final List<String> knownIds;

  FuzzRequests(JsonNode document, String sparkPi, List<String> knownIds) {
    this.operations = operations(document);
    this.sparkPi = sparkPi;
    this.knownIds = List.copyOf(knownIds);
  }

  List<Operation> operations() {
    return operations;
  }

  private static List<Operation> operations(JsonNode document) {
    List<Operation> all = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        List<String> query = new ArrayList<>();
        op.getValue()
            .path("parameters")
            .forEach(
                p -> {
                  if ("query".equals(p.path("in").asText())) {
                    query.add(p.path("name").asText());
                  }
                });
        all.add(new Operation(op.getKey().toUpperCase(), path.getKey(), query));
      }
    }
    return all;
  }

  /** Values for anything: plausible ones, edge cases and hostile ones. */
  private Arbitrary<String> values() {
    List<String> fixed =
        new ArrayList<>(
            List.of(
                "",
                " ",
                "1",
                "0",
                "-1",
                "driver",
                "true",
                "null",
                "NaN",
                "1e309",
                "99999999999999999999999",
                "2026-12-02T10:00:00Z",
                "../../../etc/passwd",
                "%00",
                "\u00e9\u00e8\u4e2d\u6587\ud83d\ude00",
                "\u202e\u0000\u0007",
                "' OR 1=1 --",
                "${jndi:ldap://127.0.0.1:1/a}",
                "<script>alert(1)</script>",
                "spark-cluster-a-0123456789abcdef0123456789abcdef",
                "spark-cluster-zz-0123456789abcdef0123456789abcdef",
                "x".repeat(300),
                "y".repeat(20_000)));
    fixed.addAll(knownIds);
    return Arbitraries.oneOf(
        Arbitraries.of(fixed),
        Arbitraries.strings().ofMaxLength(40),
        Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(80));
  }

  /** A path segment: percent-encoded mostly, sometimes raw (spaces, %, slashes and all). */
  private Arbitrary<String> segments() {
    return Arbitraries.oneOf(
        values().map(FuzzRequests::encode),
        values().map(FuzzRequests::encode),
        Arbitraries.of(knownIds),
        Arbitraries.of("", "/", "..", "%2F", "%2e%2e", "%zz", "%", ";a=b", "a b", "%ff%fe"),
        Arbitraries.strings().withCharRange('!', '~').ofMaxLength(30));
  }

  private Arbitrary<String> paths(Operation operation) {
    String template = operation.path();
    if (!template.contains("{")) {
      return Arbitraries.frequencyOf(
          Tuple.of(8, Arbitraries.just(template)),
          Tuple.of(1, segments().map(s -> template + "/" + s)),
          Tuple.of(
              1, Arbitraries.of(template + "/", template.replace("/", "//"), template + "/..")));
    }
    return segments().map(s -> template.replaceAll("\\{[^}]+}", Matcher.quoteReplacement(s)));
  }

  private Arbitrary<String> queries(Operation operation) {
    List<String> names = new ArrayList<>(operation.query());
    names.add("unknown");
    Arbitrary<String> one =
        Combinators.combine(Arbitraries.of(names), values())
            .as((name, value) -> name + "=" + encode(value));
    Arbitrary<String> raw = Arbitraries.of("a=%zz", "=", "&&", "a", "limit=1&limit=2", "%");
    return Arbitraries.oneOf(
        Arbitraries.just(""),
        one.list().ofMinSize(1).ofMaxSize(4).map(l -> "?" + String.join("&", l)),
        raw.map(q -> "?" + q));
  }

  private static Arbitrary<String> authorizations() {
    return Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.just(basic("demo", "demo-pw"))),
        Tuple.of(3, Arbitraries.just(basic("admin", "admin-pw"))),
        Tuple.of(1, Arbitraries.just("")),
        Tuple.of(1, Arbitraries.just(basic("demo", "wrong"))),
        Tuple.of(1, Arbitraries.just(basic("nobody", "x"))),
        Tuple.of(
            1,
            Arbitraries.of(
                "Authorization: Basic !!!",
                "Authorization: Basic " + b64("no-colon"),
                "Authorization: Bearer a.b.c",
                "Authorization: Bearer ",
                "Authorization: Digest x",
                "Authorization: " + "B".repeat(5000))));
  }

  private static Arbitrary<String> extraHeaders() {
    return Arbitraries.of(
        "",
        "",
        "Accept: application/json",
        "Accept: text/plain",
        "Accept: application/xml",
        "Accept: ???",
        "X-Request-Id: fuzz-1",
        "X-Request-Id: " + "r".repeat(500),
        "X-Forwarded-For: 10.0.0.1, 127.0.0.1",
        "User-Account: admin",
        "Idempotency-Key: " + "k".repeat(300),
        "Idempotency-Key: fuzz");
  }

  private static Arbitrary<String> contentTypes() {
    return Arbitraries.of(
        "Content-Type: application/json",
        "Content-Type: application/json",
        "Content-Type: application/yaml",
        "Content-Type: application/json; charset=utf-16",
        "Content-Type: text/plain",
        "Content-Type: application/x-www-form-urlencoded",
        "Content-Type: multipart/form-data; boundary=x",
        "Content-Type: ???",
        "Content-Type: application/json\r\nContent-Type: application/json",
        "Content-Type: application/json\r\nContent-Type: text/yaml",
        "");
  }

  /** Bodies for a submit: valid, mutated, truncated, deep, YAML, a YAML bomb, random bytes. */
  private Arbitrary<String> bodies() {
    Arbitrary<String> mutated =
        Combinators.combine(Arbitraries.of(fieldNames()), mutations())
            .as(
                (field, value) -> {
                  try {
                    ObjectNode job = (ObjectNode) JSON.readTree(sparkPi);
                    if (value == null) {
                      job.remove(field);
                    } else {
                      job.set(field, JSON.readTree(value));
                    }
                    return JSON.writeValueAsString(job);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
    String yaml =
        "applicationName: fuzz\nqueue: dev\nsparkVersion: '3.5.0'\n"
            + "mainApplicationFile: local:///x.jar\nmainClass: A\n";
    StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      char previous = (char) (c - 1);
      bomb.append(c)
          .append(": &")
          .append(c)
          .append(" [*")
          .append(previous)
          .append(", *")
          .append(previous)
          .append(", *")
          .append(previous)
          .append(", *")
          .append(previous)
          .append("]\n");
    }
    return Arbitraries.oneOf(
        Arbitraries.just(sparkPi),
        mutated,
        mutated,
        Arbitraries.just(sparkPi.substring(0, sparkPi.length() / 2)),
        Arbitraries.just("[".repeat(5000)),
        Arbitraries.just("{\"driver\":" + "{\"a\":".repeat(40) + "1" + "}".repeat(41)),
        Arbitraries.of("", "null", "[]", "{}", "\"x\"", "/tmp/job.json", yaml, bomb.toString()),
        Arbitraries.strings().ofMaxLength(200));
  }

  private static List<String> fieldNames() {
    return List.of(
        "applicationName",
        "queue",
        "sparkVersion",
        "mainClass",
        "mainApplicationFile",
        "arguments",
        "sparkConf",
        "driver",
        "executor",
        "type",
        "image",
        "volumes",
        "deps",
        "clusterId",
        "submissionIdSuffix",
        "restartPolicy",
        "overheadFactor",
        "unknownField");
  }

  /** A JSON value to put in a field, or null to remove the field. */
  private static Arbitrary<String> mutations() {
    return Arbitraries.of(
        null,
        "null",
        "1",
        "-1",
        "1.5e308",
        "123456789012345678901234567890",
        "true",
        "\"\"",
        "\"" + "z".repeat(10_000) + "\"",
        "[]",
        "[1, \"a\", null]",
        "{}",
        "{\"cores\": -1, \"memory\": \"9999999999999999g\"}",
        "{\"cores\": 1, \"coreLimit\": \"" + "9".repeat(1000) + "\"}",
        "{\"instances\": 1000000}",
        "{\"spark.executor.instances\": \"abc\"}",
        "[{\"name\": \"\"}]",
        "\"../../x\"");
  }

  Arbitrary<Request> requests() {
    // Submits have the most to parse: they get a third of the requests.
    List<Tuple.Tuple2<Integer, Operation>> weighted = new ArrayList<>();
    for (Operation op : operations) {
      weighted.add(Tuple.of(op.method().equals("POST") ? operations.size() / 2 : 1, op));
    }
    Arbitrary<Operation> operation = Arbitraries.frequency(weighted);
    return operation.flatMap(
        op ->
            Combinators.combine(
                    paths(op),
                    queries(op),
                    authorizations(),
                    extraHeaders(),
                    methods(op),
                    contentTypes(),
                    bodies())
                .as(
                    (path, query, auth, extra, method, type, body) -> {
                      boolean sendsBody = method.equals("POST") || method.equals("PUT");
                      String head =
                          method
                              + " /skatev2"
                              + path
                              + query
                              + " HTTP/1.1"
                              + lines(auth, extra, sendsBody ? type : "");
                      return new Request(
                          op.method() + " " + op.path(), method, head, sendsBody ? body : "");
                    }));
  }

  /** The operation's own method mostly; sometimes another, which must be a 405 in shape. */
  private static Arbitrary<String> methods(Operation operation) {
    return Arbitraries.frequencyOf(
        Tuple.of(9, Arbitraries.just(operation.method())),
        Tuple.of(1, Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD")));
  }

  private static String lines(String... headers) {
    StringBuilder out = new StringBuilder();
    for (String header : headers) {
      if (!header.isEmpty()) {
        out.append("\r\n").append(header);
      }
    }
    return out.toString();
  }

  private static String basic(String user, String password) {
    return "Authorization: Basic " + b64(user + ":" + password);
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}

package dev.bpg.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bpg.server.GatewayTestClient.Reply;
import dev.bpg.server.LocalGateways.Users;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The OpenAPI document as served, compared with Apple's published one (paths, methods, operation
 * IDs and tags, which name the classes and methods of a generated client), and checked for what a
 * generator needs: a 200 answer with its schema for every operation, the error answers with the one
 * error schema, the real content types, the required request fields and both auth schemes. Then the
 * content types it declares are the ones served.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiContractIT {
  /** Apple's operations this gateway does not serve yet, with the issue that brings each. */
  private static final Map<String, String> NOT_YET = Map.of();

  private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

  private LocalGateways local;
  private GatewayTestClient client;
  private JsonNode document;

  @BeforeAll
  void start() throws Exception {
    local = LocalGateways.start("spark-cluster-a");
    client =
        LocalGateways.client(
            local.startGateway(local.configuration(Users.of("demo", "admin").withAdmins("admin"))));
    Reply reply = client.get("/openapi.json", null);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    document = reply.json();
  }

  @AfterAll
  void stop() throws Exception {
    local.close();
  }

  private record AppleOperation(String method, String path, String operationId, String tags) {
    String key() {
      return method + " " + path;
    }
  }

  private static List<AppleOperation> appleOperations() throws IOException {
    try (InputStream in = OpenApiContractIT.class.getResourceAsStream("/apple-operations.tsv")) {
      List<AppleOperation> operations = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          String[] f = line.split("\t");
          operations.add(new AppleOperation(f[0], f[1], f[2], f[3]));
        }
      }
      return operations;
    }
  }

  /** Every operation of the document, by "METHOD path". */
  private List<Map.Entry<String, JsonNode>> operations() {
    List<Map.Entry<String, JsonNode>> all = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      path.getValue()
          .fields()
          .forEachRemaining(
              op -> {
                if (METHODS.contains(op.getKey())) {
                  all.add(
                      Map.entry(op.getKey().toUpperCase() + " " + path.getKey(), op.getValue()));
                }
              });
    }
    return all;
  }

  private JsonNode operation(String key) {
    return operations().stream()
        .filter(e -> e.getKey().equals(key))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }

  @Test
  void applesOperationsHaveApplesOperationIdsAndTags() throws IOException {
    List<AppleOperation> apple = appleOperations();
    assertThat(apple).hasSizeGreaterThanOrEqualTo(10);
    for (AppleOperation expected : apple) {
      JsonNode ours = operation(expected.key());
      if (NOT_YET.containsKey(expected.key())) {
        assertThat(ours).as(expected.key() + " is served now: remove it from NOT_YET").isNull();
        continue;
      }
      assertThat(ours).as(expected.key()).isNotNull();
      assertThat(ours.path("operationId").asText())
          .as(expected.key())
          .isEqualTo(expected.operationId());
      List<String> tags = new ArrayList<>();
      ours.path("tags").forEach(tag -> tags.add(tag.asText()));
      assertThat(String.join(",", tags)).as(expected.key()).isEqualTo(expected.tags());
    }
  }

  @Test
  void operationIdsAreUniqueAndEveryOperationHasOne() {
    Set<String> ids = new HashSet<>();
    for (Map.Entry<String, JsonNode> op : operations()) {
      String id = op.getValue().path("operationId").asText("");
      assertThat(id).as(op.getKey()).isNotEmpty();
      assertThat(ids.add(id)).as("duplicate operationId " + id).isTrue();
    }
    assertThat(ids).hasSizeGreaterThanOrEqualTo(14);
  }

  @Test
  void everyOperationDeclaresItsAnswerAndItsErrorsWithTheErrorSchema() {
    for (Map.Entry<String, JsonNode> op : operations()) {
      JsonNode responses = op.getValue().path("responses");
      JsonNode ok = responses.path("200");
      assertThat(ok.path("content").size()).as(op.getKey() + " 200 content").isPositive();
      ok.path("content")
          .forEach(
              media ->
                  assertThat(media.path("schema").isMissingNode())
                      .as(op.getKey() + " 200 schema")
                      .isFalse());
      for (String status : List.of("401", "429", "default")) {
        assertThat(
                responses
                    .path(status)
                    .path("content")
                    .path("application/json")
                    .path("schema")
                    .path("$ref")
                    .asText())
            .as(op.getKey() + " " + status)
            .isEqualTo("#/components/schemas/ErrorResponse");
      }
      assertThat(responses.path("429").path("headers").has("Retry-After")).isTrue();
    }
    JsonNode submit = operation("POST /spark").path("responses");
    for (String status : List.of("400", "403", "409", "413", "415", "503")) {
      assertThat(submit.has(status)).as("POST /spark " + status).isTrue();
    }
    assertThat(operation("GET /spark/{submissionId}/status").path("responses").has("404")).isTrue();
    assertThat(
            operation("POST /spark")
                .path("responses")
                .path("200")
                .path("content")
                .path("application/json")
                .path("schema")
                .path("$ref")
                .asText())
        .isEqualTo("#/components/schemas/SubmitApplicationResponse");
  }

  @Test
  void schemasNameTheirRequiredFields() {
    JsonNode schemas = document.path("components").path("schemas");
    JsonNode error = schemas.path("ErrorResponse");
    assertThat(texts(error.path("required")))
        .containsExactlyInAnyOrder("code", "error", "message", "requestId");
    assertThat(error.path("properties").path("code").path("type").asText()).isEqualTo("integer");
    assertThat(texts(schemas.path("SubmitApplicationRequest").path("required")))
        .containsExactlyInAnyOrder("sparkVersion", "mainApplicationFile");
    assertThat(schemas.has("DryRunResponse")).isTrue();
    assertThat(operation("POST /spark").path("requestBody").path("content").has("application/yaml"))
        .isTrue();
  }

  @Test
  void bothAuthSchemesAreDeclared() {
    JsonNode schemes = document.path("components").path("securitySchemes");
    assertThat(schemes.path("basic").path("scheme").asText()).isEqualTo("basic");
    assertThat(schemes.path("bearer").path("scheme").asText()).isEqualTo("bearer");
    List<String> alternatives = new ArrayList<>();
    document.path("security").forEach(r -> r.fieldNames().forEachRemaining(alternatives::add));
    assertThat(alternatives).containsExactly("basic", "bearer");
  }

  @Test
  void theDeclaredContentTypesAreTheOnesServed() throws Exception {
    assertThat(contentTypes("GET /log")).contains("text/plain", "application/octet-stream");
    assertThat(contentTypes("GET /admin/submissions"))
        .contains("application/x-ndjson", "application/json");

    String id =
        client
            .post("/spark", "demo", "application/json", LocalGateways.sparkPi("200ms"))
            .text("submissionId");
    client.awaitState(id, "demo", "COMPLETED", Duration.ofSeconds(20));
    assertThat(accepting("/log?subId=" + id, "demo", "*/*").header("Content-Type"))
        .startsWith("text/plain");
    assertThat(
            accepting("/log?subId=" + id, "demo", "application/octet-stream")
                .header("Content-Type"))
        .startsWith("application/octet-stream");
    assertThat(accepting("/admin/submissions", "admin", "*/*").header("Content-Type"))
        .startsWith("application/x-ndjson");
    assertThat(accepting("/admin/submissions", "admin", "application/json").header("Content-Type"))
        .startsWith("application/json");
    assertThat(accepting("/spark/" + id + "/describe", "demo", "*/*").header("Content-Type"))
        .startsWith("application/octet-stream");
  }

  private List<String> contentTypes(String key) {
    List<String> types = new ArrayList<>();
    operation(key)
        .path("responses")
        .path("200")
        .path("content")
        .fieldNames()
        .forEachRemaining(types::add);
    return types;
  }

  private Reply accepting(String path, String user, String accept) {
    Reply reply = client.send(client.request(path, user).header("Accept", accept).GET());
    assertThat(reply.status()).as(path + " " + reply.body()).isEqualTo(200);
    return reply;
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}

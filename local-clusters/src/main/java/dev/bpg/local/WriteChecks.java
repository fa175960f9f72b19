package dev.bpg.local;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a local API server checks of a write's body before its dispatcher stores it, as a real API
 * server would: a body that is not JSON is a 400; label and annotation keys that are not qualified
 * names, and label values that are not valid, are a 422 naming the field. The body is written again
 * as plain UTF-8 (the dispatcher's parser cannot read some escaped characters in keys, which a real
 * API server reads). And a test hook: a SparkApplication whose {@code sparkConf} has {@code
 * spark.local.simulate.createStatus} (an HTTP status from 400 to 599) gets that answer to its
 * create, as from an admission webhook or a failing API server; one with {@code
 * spark.local.simulate.createDelay} (a Spark time such as {@code 3s}, at most a minute) is stored
 * and answered that much later, as behind a slow admission webhook.
 */
final class WriteChecks {
  static final String CREATE_STATUS = RunPlan.SIMULATION_PREFIX + "createStatus";
  static final String CREATE_DELAY = RunPlan.SIMULATION_PREFIX + "createDelay";
  private static final Duration MAX_CREATE_DELAY = Duration.ofMinutes(1);

  private static final Pattern SPARK_APPLICATIONS =
      Pattern.compile("/apis/sparkoperator\\.k8s\\.io/[^/]+/namespaces/[^/]+/sparkapplications/?");
  private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern PREFIX =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /** A refusal: the status, its reason and message, as a real API server words them. */
  record Refusal(int code, String reason, String message) {}

  /** Either the body to store, and how long to wait before storing it, or why it is refused. */
  record Outcome(byte[] body, Refusal refusal, Duration delay) {
    Outcome(byte[] body, Refusal refusal) {
      this(body, refusal, Duration.ZERO);
    }
  }

  private final ObjectMapper mapper;
  // Characters outside the Basic Multilingual Plane as one 4-byte UTF-8 sequence each, which the
  // dispatcher's parser reads (not as two 3-byte surrogates, which it refuses).
  private final ObjectWriter writer;

  WriteChecks(ObjectMapper mapper) {
    this.mapper = requireNonNull(mapper, "mapper is null");
    this.writer = mapper.writer().with(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8);
  }

  Outcome check(boolean create, String path, byte[] body) {
    if (body.length == 0) {
      return new Outcome(body, null);
    }
    JsonNode tree;
    try {
      tree = mapper.readTree(new String(body, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      return refused(400, "BadRequest", "the request body is not valid JSON");
    }
    if (tree == null || !tree.isObject()) {
      // A JSON patch (an array) or nothing: nothing of metadata to check.
      return new Outcome(body, null);
    }
    Optional<Refusal> invalid =
        keys(tree.path("metadata").path("labels"), "metadata.labels", true)
            .or(
                () ->
                    keys(tree.path("metadata").path("annotations"), "metadata.annotations", false));
    if (invalid.isPresent()) {
      return new Outcome(null, invalid.get());
    }
    if (create && SPARK_APPLICATIONS.matcher(path).matches()) {
      String asked = tree.path("spec").path("sparkConf").path(CREATE_STATUS).asText("");
      Optional<Refusal> simulated = simulated(asked);
      if (simulated.isPresent()) {
        return new Outcome(null, simulated.get());
      }
    }
    Duration delay = Duration.ZERO;
    if (create && SPARK_APPLICATIONS.matcher(path).matches()) {
      String asked = tree.path("spec").path("sparkConf").path(CREATE_DELAY).asText("");
      if (!asked.isBlank()) {
        try {
          delay = RunPlan.parseDuration(CREATE_DELAY, asked);
        } catch (InvalidSpecException e) {
          return refused(422, "Invalid", e.getMessage());
        }
        if (delay.compareTo(MAX_CREATE_DELAY) > 0) {
          delay = MAX_CREATE_DELAY;
        }
      }
    }
    try {
      return new Outcome(writer.writeValueAsBytes(tree), null, delay);
    } catch (JsonProcessingException e) {
      return refused(400, "BadRequest", "the request body cannot be stored");
    }
  }

  private static Optional<Refusal> simulated(String asked) {
    int code;
    try {
      code = Integer.parseInt(asked.trim());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (code < 400 || code > 599) {
      return Optional.empty();
    }
    String reason =
        switch (code) {
          case 403 -> "Forbidden";
          case 404 -> "NotFound";
          case 409 -> "AlreadyExists";
          case 413 -> "RequestEntityTooLarge";
          case 422 -> "Invalid";
          case 429 -> "TooManyRequests";
          case 503 -> "ServiceUnavailable";
          default -> code >= 500 ? "InternalError" : "BadRequest";
        };
    String message =
        code == 403
            ? "admission webhook \"local.bpg.dev\" denied the request: "
                + CREATE_STATUS
                + " asked for 403"
            : "the local API server answers " + code + " as " + CREATE_STATUS + " asked";
    return Optional.of(new Refusal(code, reason, message));
  }

  private static Optional<Refusal> keys(JsonNode map, String field, boolean labels) {
    for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String key = entry.getKey();
      if (!qualifiedName(key)) {
        return Optional.of(
            invalid(
                field,
                key,
                "name part must consist of alphanumeric characters, '-', '_' or '.', and must"
                    + " start and end with an alphanumeric character, with an optional DNS"
                    + " subdomain prefix and '/'"));
      }
      String value = entry.getValue().asText("");
      if (labels && !value.isEmpty() && (value.length() > 63 || !NAME.matcher(value).matches())) {
        return Optional.of(
            invalid(
                field,
                value,
                "a valid label must be an empty string or consist of alphanumeric characters,"
                    + " '-', '_' or '.', and must start and end with an alphanumeric character"));
      }
    }
    return Optional.empty();
  }

  private static boolean qualifiedName(String key) {
    int slash = key.lastIndexOf('/');
    String name = slash < 0 ? key : key.substring(slash + 1);
    if (name.isEmpty() || name.length() > 63 || !NAME.matcher(name).matches()) {
      return false;
    }
    if (slash < 0) {
      return true;
    }
    String prefix = key.substring(0, slash);
    return !prefix.isEmpty() && prefix.length() <= 253 && PREFIX.matcher(prefix).matches();
  }

  private static Refusal invalid(String field, String value, String why) {
    String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
    return new Refusal(422, "Invalid", field + ": Invalid value: \"" + shown + "\": " + why);
  }

  private static Outcome refused(int code, String reason, String message) {
    return new Outcome(null, new Refusal(code, reason, message));
  }
}

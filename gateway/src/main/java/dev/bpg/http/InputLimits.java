package dev.bpg.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bpg.error.GatewayException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Bounds on a request body, checked on its parsed tree before it is bound, validated, routed or
 * stored: how long a string, a key or a list may be, how deep the nesting goes, and the tighter
 * bounds of fields that end up in a database column, a Kubernetes name or a quantity parser. Each
 * refusal is a 400 naming the field.
 */
final class InputLimits {
  /** Any string value: an argument, a Spark setting's value, an annotation. */
  static final int MAX_STRING = 8_192;

  /** Any key: a Spark setting's, a label's, an annotation's. */
  static final int MAX_KEY = 253;

  /** Entries of any list or map: arguments, settings, labels, volumes. */
  static final int MAX_ENTRIES = 1_000;

  static final int MAX_DEPTH = 16;

  /** Strings that are amounts: parsed only when this short. */
  static final int MAX_QUANTITY = 32;

  /** Fields stored in a column of their own or used as a name, with their bounds. */
  private static final Map<String, Integer> FIELD_LIMITS =
      Map.ofEntries(
          Map.entry("applicationName", 255),
          Map.entry("submissionIdSuffix", 64),
          Map.entry("queue", 255),
          Map.entry("clusterId", 64),
          Map.entry("sparkVersion", 64),
          Map.entry("type", 16),
          Map.entry("mode", 16),
          Map.entry("mainClass", 1_024),
          Map.entry("mainApplicationFile", 4_096),
          Map.entry("image", 1_024),
          Map.entry("pythonVersion", 16),
          Map.entry("imagePullPolicy", 32),
          Map.entry("queueToken", 4_096));

  private static final Set<String> QUANTITIES =
      Set.of("coreRequest", "coreLimit", "memory", "memoryOverhead");

  private InputLimits() {}

  /** Raises INVALID_FIELD for the first bound the body passes. */
  static void check(JsonNode root) {
    check(root, "", 0);
  }

  private static void check(JsonNode node, String path, int depth) {
    if (depth > MAX_DEPTH) {
      throw GatewayException.invalidField(at(path), "nested more than " + MAX_DEPTH + " deep");
    }
    if (node.isTextual()) {
      checkText(node.textValue(), path, depth);
    } else if (node.isArray()) {
      if (node.size() > MAX_ENTRIES) {
        throw GatewayException.invalidField(
            at(path), "has " + node.size() + " entries; at most " + MAX_ENTRIES);
      }
      for (int i = 0; i < node.size(); i++) {
        check(node.get(i), path + "[" + i + "]", depth + 1);
      }
    } else if (node.isObject()) {
      if (node.size() > MAX_ENTRIES) {
        throw GatewayException.invalidField(
            at(path), "has " + node.size() + " entries; at most " + MAX_ENTRIES);
      }
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String key = field.getKey();
        if (key.length() > MAX_KEY) {
          throw GatewayException.invalidField(
              at(path),
              "has a key of "
                  + key.length()
                  + " characters (at most "
                  + MAX_KEY
                  + "): "
                  + key.substring(0, 40)
                  + "…");
        }
        check(field.getValue(), path.isEmpty() ? key : path + "." + key, depth + 1);
      }
    }
  }

  private static void checkText(String text, String path, int depth) {
    String field = path.substring(path.lastIndexOf('.') + 1);
    int limit = MAX_STRING;
    if (depth == 1 && FIELD_LIMITS.containsKey(path)) {
      limit = FIELD_LIMITS.get(path);
    } else if (depth == 2 && QUANTITIES.contains(field)) {
      limit = MAX_QUANTITY;
    }
    if (text.length() > limit) {
      throw GatewayException.invalidField(
          path, "is " + text.length() + " characters long; at most " + limit);
    }
  }

  private static String at(String path) {
    return path.isEmpty() ? "body" : path;
  }
}

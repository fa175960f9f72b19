package dev.bpg.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * The reference gateway's queue entries in this gateway's format, for {@link BpgConfigConverter}.
 */
final class BpgQueueConverter {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private BpgQueueConverter() {}

  static ArrayNode convert(JsonNode queues, List<String> errors) {
    ArrayNode out = NODES.arrayNode();
    if (!queues.isArray()) {
      errors.add("queues: must be a list");
      return out;
    }
    for (int i = 0; i < queues.size(); i++) {
      String at = "queues[" + i + "]";
      ObjectNode queue = NODES.objectNode();
      queues
          .get(i)
          .fields()
          .forEachRemaining(
              e -> {
                JsonNode value = e.getValue();
                switch (e.getKey()) {
                  case "name",
                      "users",
                      "driverNodeLabelKey",
                      "driverNodeLabelValues",
                      "executorNodeLabelKey",
                      "executorNodeLabelValues",
                      "executorSpotNodeLabelValues",
                      "maxExecutorInstances",
                      "allowedZones",
                      "zonePickerName" ->
                      queue.set(e.getKey(), value);
                  case "driverCPUBufferRatio",
                      "executorCPUBufferRatio",
                      "driverMemBufferRatio",
                      "executorMemBufferRatio" ->
                      convertRatio(queue, e.getKey(), value, at, errors);
                  case "maxRunningMillis" ->
                      wholeNumber(value, at + ".maxRunningMillis", errors)
                          .ifPresent(n -> queue.put("maxRunningTime", n + "ms"));
                  case "secure" -> queue.set("secure", value);
                  default ->
                      errors.add(
                          at + "." + e.getKey() + ": unknown key of a reference queue entry");
                }
              });
      out.add(queue);
    }
    return out;
  }

  /**
   * The reference read these as Java longs, so a number or a numeric string; anything else (1d,
   * 1.5) was an error there, which {@code asLong()} would silently turn into 0.
   */
  static Optional<Long> wholeNumber(JsonNode value, String at, List<String> errors) {
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return Optional.of(value.asLong());
    }
    if (value.isTextual()) {
      try {
        return Optional.of(Long.parseLong(value.asText().trim()));
      } catch (NumberFormatException e) {
        // Reported below.
      }
    }
    errors.add(at + ": '" + value.asText() + "' is not a whole number");
    return Optional.empty();
  }

  private static void convertRatio(
      ObjectNode queue, String key, JsonNode value, String at, List<String> errors) {
    // The reference gateway reads the ratios as strings.
    try {
      queue.put(key, Double.parseDouble(value.asText()));
    } catch (NumberFormatException e) {
      errors.add(at + "." + key + ": '" + value.asText() + "' is not a number");
    }
  }
}

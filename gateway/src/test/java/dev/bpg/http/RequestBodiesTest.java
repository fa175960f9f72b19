package dev.bpg.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.submission.model.SubmitApplicationRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Bodies are bounded before they are bound: lengths, entries, nesting, numbers, duplicates. */
class RequestBodiesTest {
  private final RequestBodies bodies = new RequestBodies(4 * 1024 * 1024, new ObjectMapper());

  private SubmitApplicationRequest json(String body) {
    return bodies.parse(
        body.getBytes(StandardCharsets.UTF_8), false, SubmitApplicationRequest.class);
  }

  private SubmitApplicationRequest yaml(String body) {
    return bodies.parse(
        body.getBytes(StandardCharsets.UTF_8), true, SubmitApplicationRequest.class);
  }

  private static void refused(Runnable call, ErrorCode code, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.getMessage()).startsWith(message);
              assertThat(e.getMessage().length()).isLessThan(300);
            });
  }

  @Test
  void aFieldLongerThanItsColumnIsRefusedNamingIt() {
    refused(
        () -> json("{\"applicationName\": \"" + "a".repeat(256) + "\"}"),
        ErrorCode.INVALID_FIELD,
        "applicationName: is 256 characters long; at most 255");
    assertThat(json("{\"applicationName\": \"" + "a".repeat(255) + "\"}").applicationName())
        .hasSize(255);
  }

  @Test
  void everyStringKeyAndListIsBounded() {
    refused(
        () -> json("{\"sparkConf\": {\"spark.x\": \"" + "v".repeat(8193) + "\"}}"),
        ErrorCode.INVALID_FIELD,
        "sparkConf.spark.x: is 8193 characters long; at most 8192");
    refused(
        () -> json("{\"arguments\": [\"a\", \"" + "v".repeat(8193) + "\"]}"),
        ErrorCode.INVALID_FIELD,
        "arguments[1]: is 8193");
    refused(
        () -> json("{\"sparkConf\": {\"" + "k".repeat(254) + "\": \"v\"}}"),
        ErrorCode.INVALID_FIELD,
        "sparkConf: has a key of 254 characters");
    refused(
        () -> json("{\"arguments\": [" + "\"a\",".repeat(1000) + "\"a\"]}"),
        ErrorCode.INVALID_FIELD,
        "arguments: has 1001 entries; at most 1000");
  }

  @Test
  void anAmountIsShort() {
    refused(
        () -> json("{\"driver\": {\"coreLimit\": \"" + "9".repeat(900_000) + "\"}}"),
        ErrorCode.INVALID_FIELD,
        "driver.coreLimit: is 900000 characters long; at most 32");
  }

  @Test
  void numbersAreBoundedBeforeTheyAreParsed() {
    refused(
        () -> json("{\"executor\": {\"instances\": " + "9".repeat(100_000) + "}}"),
        ErrorCode.INVALID_REQUEST,
        "Invalid JSON request: Number value length");
  }

  @Test
  void nestingIsBounded() {
    String deep = "[".repeat(5_000) + "]".repeat(5_000);
    refused(() -> json("{\"arguments\": " + deep + "}"), ErrorCode.INVALID_REQUEST, "Invalid JSON");
    refused(() -> yaml("arguments: " + deep), ErrorCode.INVALID_REQUEST, "Invalid YAML");
  }

  @Test
  void aFieldGivenTwiceIsRefused() {
    refused(
        () -> json("{\"queue\": \"dev\", \"queue\": \"prod\"}"),
        ErrorCode.INVALID_REQUEST,
        "Invalid JSON request: Duplicate field 'queue'");
    refused(() -> yaml("queue: dev\nqueue: prod\n"), ErrorCode.INVALID_REQUEST, "Invalid YAML");
  }

  @Test
  void aBodyThatIsOnlyAPathGetsAHintWhateverItsLength() {
    refused(
        () -> json("/tmp/job.json"), ErrorCode.INVALID_REQUEST, "the request body is only a path");
    String longPath = "/a".repeat(200_000);
    refused(() -> json(longPath), ErrorCode.INVALID_REQUEST, "the request body is only a path");
    assertThat(RequestBodies.isOnlyAPath("~/jobs/pi.yaml")).isTrue();
    assertThat(RequestBodies.isOnlyAPath("C/x/")).isTrue();
    assertThat(RequestBodies.isOnlyAPath("//x")).isFalse();
    assertThat(RequestBodies.isOnlyAPath("/x y")).isFalse();
    assertThat(RequestBodies.isOnlyAPath("/")).isFalse();
    assertThat(RequestBodies.isOnlyAPath("{}")).isFalse();
  }
}

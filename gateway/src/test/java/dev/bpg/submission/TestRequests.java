package dev.bpg.submission;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bpg.submission.model.SubmitApplicationRequest;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Requests written as a client writes them: YAML (flow style fits on a line) read by plain Jackson.
 */
public final class TestRequests {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private TestRequests() {}

  public static SubmitApplicationRequest request(String yaml) {
    try {
      return YAML.readValue(yaml, SubmitApplicationRequest.class);
    } catch (IOException e) {
      throw new UncheckedIOException("bad test request: " + yaml, e);
    }
  }
}

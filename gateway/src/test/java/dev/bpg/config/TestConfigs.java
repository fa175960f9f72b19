package dev.bpg.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Builds configuration records from short YAML snippets (flow style fits on one line), so that a
 * test shows the configuration it runs with in the form an operator writes it.
 */
public final class TestConfigs {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .registerModule(new DurationModule())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private TestConfigs() {}

  public static ClusterConfig cluster(String yaml) {
    return read(yaml, ClusterConfig.class);
  }

  public static QueueConfig queue(String yaml) {
    return read(yaml, QueueConfig.class);
  }

  public static SparkConfig spark(String yaml) {
    return read(yaml, SparkConfig.class);
  }

  public static <T> T read(String yaml, Class<T> type) {
    try {
      return YAML.readValue(yaml, type);
    } catch (IOException e) {
      throw new UncheckedIOException("bad test YAML: " + yaml, e);
    }
  }
}

package dev.bpg.submission.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * A container environment variable; {@code valueFrom} is passed through as Kubernetes defines it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record EnvVar(String name, String value, Map<String, Object> valueFrom) {
  public EnvVar {
    valueFrom = valueFrom == null ? null : Map.copyOf(valueFrom);
  }
}

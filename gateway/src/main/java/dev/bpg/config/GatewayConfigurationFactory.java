package dev.bpg.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpg.submission.model.EnvVar;
import dev.bpg.submission.model.SparkUiOptions;
import dev.bpg.submission.model.Volume;
import dev.bpg.submission.model.VolumeMount;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.YamlConfigurationFactory;
import jakarta.validation.Validator;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the configuration strictly: unknown keys fail with their path (Dropwizard's binding), then
 * the cross-field rules of {@link ConfigValidator} run. A file in the reference gateway's format is
 * converted first by {@link BpgConfigConverter}.
 */
public final class GatewayConfigurationFactory
    extends YamlConfigurationFactory<GatewayConfiguration> {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayConfigurationFactory.class);

  /**
   * The request model's nested records ignore unknown fields, so that old clients keep working; the
   * configuration shares some of them (a cluster's UI options, volumes, env and mounts) and must
   * not.
   */
  private static final List<Class<?>> SHARED_LENIENT_TYPES =
      List.of(
          SparkUiOptions.class,
          SparkUiOptions.IngressTls.class,
          Volume.class,
          Volume.HostPath.class,
          Volume.ConfigMapSource.class,
          Volume.EmptyDir.class,
          VolumeMount.class,
          EnvVar.class);

  private final Map<String, String> environment;

  public GatewayConfigurationFactory(
      ObjectMapper mapper, Validator validator, Map<String, String> environment) {
    super(GatewayConfiguration.class, validator, strict(mapper), "bpg");
    this.environment = Map.copyOf(environment);
  }

  @JsonIgnoreProperties(ignoreUnknown = false)
  private interface Strict {}

  private static ObjectMapper strict(ObjectMapper mapper) {
    ObjectMapper strict = mapper.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    SHARED_LENIENT_TYPES.forEach(type -> strict.addMixIn(type, Strict.class));
    return strict;
  }

  @Override
  protected GatewayConfiguration build(JsonNode node, String path)
      throws IOException, ConfigurationException {
    JsonNode tree = node;
    if (BpgConfigConverter.isBpgFormat(node)) {
      BpgConfigConverter.Result converted =
          BpgConfigConverter.convert(node, Optional.of(environment));
      if (!converted.errors().isEmpty()) {
        throw new InvalidConfigurationException(path, converted.errors());
      }
      converted.notes().forEach(note -> LOG.info("Reference-format configuration: {}", note));
      tree = converted.config();
    }
    GatewayConfiguration config = super.build(tree, path);
    List<String> errors = ConfigValidator.validate(config);
    if (!errors.isEmpty()) {
      throw new InvalidConfigurationException(path, errors);
    }
    return config;
  }
}

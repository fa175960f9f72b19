package dev.bpg.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Loads the configuration strictly: unknown keys fail with their path (Dropwizard's binding), then the
 * cross-field rules of {@link ConfigValidator} run. A file in the reference gateway's format is
 * converted first by {@link BpgConfigConverter}.
 */
public final class GatewayConfigurationFactory extends YamlConfigurationFactory<GatewayConfiguration> {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayConfigurationFactory.class);

  private final Map<String, String> environment;

  public GatewayConfigurationFactory(
      ObjectMapper mapper, Validator validator, Map<String, String> environment) {
    super(GatewayConfiguration.class, validator, mapper, "bpg");
    this.environment = Map.copyOf(environment);
  }

  @Override
  protected GatewayConfiguration build(JsonNode node, String path)
      throws IOException, ConfigurationException {
    JsonNode tree = node;
    if (BpgConfigConverter.isBpgFormat(node)) {
      BpgConfigConverter.Result converted = BpgConfigConverter.convert(node, Optional.of(environment));
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

package dev.bpg.config;

import io.dropwizard.configuration.ConfigurationException;
import java.util.Collection;

/**
 * A configuration file that parsed but breaks rules; each error names the path of the key at fault.
 */
public final class InvalidConfigurationException extends ConfigurationException {
  public InvalidConfigurationException(String path, Collection<String> errors) {
    super(path, errors);
  }
}

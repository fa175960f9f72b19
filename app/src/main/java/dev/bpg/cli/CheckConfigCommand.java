package dev.bpg.cli;

import dev.bpg.config.GatewayConfiguration;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * {@code ./bpg check-config FILE}: loads the file exactly as {@code server} would and says whether
 * it is valid; every problem is listed with the path of its key.
 */
final class CheckConfigCommand extends ConfiguredCommand<GatewayConfiguration> {
  private final Class<GatewayConfiguration> configurationClass;

  CheckConfigCommand(Application<GatewayConfiguration> application) {
    super("check-config", "Checks a configuration file and explains every error with its path");
    this.configurationClass = application.getConfigurationClass();
  }

  @Override
  protected Class<GatewayConfiguration> getConfigurationClass() {
    return configurationClass;
  }

  @Override
  public void onError(Cli cli, Namespace namespace, Throwable e) {
    // The message lists every problem with its path; a stack trace would only hide it.
    cli.getStdErr().println(e.getMessage());
  }

  @Override
  protected void run(
      Bootstrap<GatewayConfiguration> bootstrap, Namespace namespace, GatewayConfiguration config) {
    System.out.println(
        namespace.getString("file")
            + " is valid: "
            + config.clusters().size()
            + " cluster(s), "
            + config.queues().size()
            + " queue(s), "
            + config.auth().users().size()
            + " user(s)");
  }
}

package dev.bpg.cli;

import dev.bpg.config.DurationModule;
import dev.bpg.config.GatewayConfiguration;
import dev.bpg.submission.policy.QueueTokens;
import io.dropwizard.configuration.ConfigurationFactory;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code ./bpg queue-token --config FILE --queue Q --subject S}: mints the queue token a request to
 * a secure queue carries, signed with the configuration's first {@code auth.queueTokenSecrets}.
 */
final class QueueTokenCommand extends Command {
  QueueTokenCommand() {
    super("queue-token", "Mints a queue token for a secure queue of a configuration");
  }

  @Override
  public void configure(Subparser subparser) {
    subparser.addArgument("--config").required(true).metavar("FILE").help("the configuration");
    subparser.addArgument("--queue").required(true).help("the secure queue the token is for");
    subparser.addArgument("--subject").required(true).help("who the token is for");
    subparser
        .addArgument("--valid-for")
        .dest("validFor")
        .metavar("DURATION")
        .help("how long the token is valid, such as 30d or 12h (default: no expiry)");
  }

  @Override
  public void onError(Cli cli, Namespace namespace, Throwable e) {
    cli.getStdErr().println(e.getMessage());
  }

  @Override
  @SuppressWarnings("unchecked")
  public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
    Bootstrap<GatewayConfiguration> gateway = (Bootstrap<GatewayConfiguration>) bootstrap;
    ConfigurationFactory<GatewayConfiguration> factory =
        gateway
            .getConfigurationFactoryFactory()
            .create(
                GatewayConfiguration.class,
                gateway.getValidatorFactory().getValidator(),
                gateway.getObjectMapper(),
                "dw");
    GatewayConfiguration config =
        factory.build(gateway.getConfigurationSourceProvider(), namespace.getString("config"));
    if (config.auth().queueTokenSecrets().isEmpty()) {
      throw new IllegalArgumentException(
          "auth.queueTokenSecrets: the configuration has no secret to sign queue tokens with");
    }
    String queue = namespace.getString("queue");
    if (config.queues().stream().noneMatch(q -> q.name().equals(queue))) {
      throw new IllegalArgumentException(
          "--queue: " + queue + " is not a queue of the configuration");
    }
    Optional<Duration> validFor =
        Optional.ofNullable(namespace.getString("validFor")).map(DurationModule::parse);
    System.out.println(
        QueueTokens.mint(
            config.auth().queueTokenSecrets().get(0),
            queue,
            namespace.getString("subject"),
            validFor,
            Clock.systemUTC()));
  }
}

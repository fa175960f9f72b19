package dev.bpg.cli;

import dev.bpg.config.ApiTokenConfig;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.security.SecureRandom;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code ./bpg api-token USER}: makes a new API token for a robot that acts as {@code USER}, and
 * prints the token (to give the robot, once) and the {@code auth.apiTokens} entry that accepts it.
 */
final class ApiTokenCommand extends Command {
  ApiTokenCommand() {
    super("api-token", "Makes an API token and prints it with its auth.apiTokens entry");
  }

  @Override
  public void configure(Subparser subparser) {
    subparser.addArgument("user").help("the user the token acts as");
  }

  @Override
  public void run(Bootstrap<?> bootstrap, Namespace namespace) {
    String user = namespace.getString("user");
    String token = ApiTokenConfig.newToken(new SecureRandom());
    System.out.println("token: " + token);
    System.out.println("# the gateway keeps only its hash; add to auth.apiTokens:");
    System.out.println("- {user: " + user + ", tokenHash: " + ApiTokenConfig.hashOf(token) + "}");
  }
}

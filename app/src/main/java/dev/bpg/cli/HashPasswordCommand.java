package dev.bpg.cli;

import dev.bpg.config.PasswordHash;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code ./bpg hash-password}: reads a password from standard input and prints its hash for
 * auth.users.
 */
final class HashPasswordCommand extends Command {
  HashPasswordCommand() {
    super("hash-password", "Prints the PBKDF2 hash of a password read from standard input");
  }

  @Override
  public void configure(Subparser subparser) {}

  @Override
  public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String password = in.readLine();
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException("no password on standard input");
    }
    System.out.println(PasswordHash.hash(password, new SecureRandom()));
  }
}

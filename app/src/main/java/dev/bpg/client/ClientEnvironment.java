package dev.bpg.client;

import java.io.Console;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a client command sees of the world: environment variables, the home directory, its output
 * and error streams, whether they are a terminal (and a way to ask for a password there), the
 * clock, and how often it polls. A test gives its own.
 *
 * @param prompt asks the person at the terminal, without echo; empty when there is nobody
 */
public record ClientEnvironment(
    Map<String, String> variables,
    Path home,
    PrintStream out,
    PrintStream err,
    boolean terminal,
    Optional<Function<String, char[]>> prompt,
    Clock clock,
    Duration pollInterval) {

  /** The process's own: {@code System.out}, {@code System.err}, the console if there is one. */
  public static ClientEnvironment system() {
    Console console = System.console();
    return new ClientEnvironment(
        System.getenv(),
        Path.of(System.getProperty("user.home")),
        System.out,
        System.err,
        console != null,
        Optional.ofNullable(console).map(c -> question -> c.readPassword("%s", question)),
        Clock.systemDefaultZone(),
        Duration.ofSeconds(1));
  }

  Optional<String> variable(String name) {
    return Optional.ofNullable(variables.get(name)).filter(value -> !value.isBlank());
  }
}

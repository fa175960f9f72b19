package dev.bpg.server;

import static java.util.Objects.requireNonNull;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.health.HealthCheckRegistry;
import dev.bpg.config.ConfigValidator;
import dev.bpg.config.GatewayConfiguration;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;

/**
 * Runs the gateway from a configuration built in code rather than read from a file: what {@code
 * demo} does, and what the end-to-end tests do on a free port. The same wiring as {@code server
 * CONFIG}.
 */
public final class GatewayServer implements AutoCloseable {
  private final Server server;

  private GatewayServer(Server server) {
    this.server = server;
  }

  public static GatewayServer start(GatewayConfiguration config, Clock clock) throws Exception {
    requireNonNull(config, "config is null");
    List<String> errors = ConfigValidator.validate(config);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("invalid configuration: " + String.join("; ", errors));
    }
    Environment environment =
        new Environment(
            "bpg",
            GatewayApplication.configure(Jackson.newObjectMapper()),
            Validators.newValidatorFactory(),
            new MetricRegistry(),
            GatewayServer.class.getClassLoader(),
            new HealthCheckRegistry(),
            config);
    new GatewayApplication(clock).run(config, environment);
    Server server = config.getServerFactory().build(environment);
    try {
      server.start();
    } catch (Exception e) {
      server.stop();
      throw e;
    }
    return new GatewayServer(server);
  }

  /** The port the gateway listens on (useful when configured with port 0). */
  public int port() {
    for (var connector : server.getConnectors()) {
      if (connector instanceof NetworkConnector network) {
        return network.getLocalPort();
      }
    }
    throw new IllegalStateException("the gateway has no network connector");
  }

  /** Every connector the gateway listens on, as {@code host:port} (host null: every interface). */
  public List<String> listening() {
    List<String> out = new ArrayList<>();
    for (var connector : server.getConnectors()) {
      if (connector instanceof NetworkConnector network) {
        out.add(network.getHost() + ":" + network.getLocalPort());
      }
    }
    return out;
  }

  public void join() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}

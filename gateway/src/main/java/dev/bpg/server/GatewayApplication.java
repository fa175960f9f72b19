package dev.bpg.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpg.artifact.Uploads;
import dev.bpg.config.DurationModule;
import dev.bpg.config.GatewayConfiguration;
import dev.bpg.config.GatewayConfigurationFactory;
import dev.bpg.http.AdminAccessFilter;
import dev.bpg.http.Authenticator;
import dev.bpg.http.ConsoleAssets;
import dev.bpg.http.ConsoleSessions;
import dev.bpg.http.ContentTypes;
import dev.bpg.http.JettyErrors;
import dev.bpg.http.OperationsServlets;
import dev.bpg.http.RequestIds;
import dev.bpg.http.RestApi;
import dev.bpg.http.ServletErrors;
import dev.bpg.http.SubmitGate;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.lifecycle.Managed;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.ShutdownThread;

/**
 * The Dropwizard application: reads the configuration strictly, then wires the gateway onto the
 * environment. Dropwizard's {@code server} command runs it; the other commands are the command
 * line's ({@code dev.bpg.cli}), handed in by whoever starts it.
 */
public final class GatewayApplication extends Application<GatewayConfiguration> {
  private final Clock clock;
  private final Consumer<Bootstrap<GatewayConfiguration>> commands;

  /**
   * @param commands adds the commands beside {@code server} (and Dropwizard's {@code check})
   */
  public GatewayApplication(Clock clock, Consumer<Bootstrap<GatewayConfiguration>> commands) {
    this.clock = requireNonNull(clock, "clock is null");
    this.commands = requireNonNull(commands, "commands is null");
  }

  /** The application without other commands: what runs a configuration built in code. */
  public GatewayApplication(Clock clock) {
    this(clock, bootstrap -> {});
  }

  /**
   * On fewer than three cores the JDK's common pool has a parallelism below 2, and then every
   * {@code CompletableFuture} async step (the Kubernetes client makes several per call) starts a
   * new thread. A pool of a few threads instead keeps the thread count bounded and saves a thread
   * start per step. Must run before anything touches the common pool.
   */
  public static void useAPoolForAsyncTasks() {
    String property = "java.util.concurrent.ForkJoinPool.common.parallelism";
    if (System.getProperty(property) == null && Runtime.getRuntime().availableProcessors() < 3) {
      System.setProperty(property, "4");
    }
  }

  @Override
  public String getName() {
    return "bpg";
  }

  @Override
  public void initialize(Bootstrap<GatewayConfiguration> bootstrap) {
    bootstrap.setConfigurationSourceProvider(
        new SubstitutingSourceProvider(
            bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(true)));
    configure(bootstrap.getObjectMapper());
    bootstrap.setConfigurationFactoryFactory(
        (klass, validator, mapper, prefix) ->
            new GatewayConfigurationFactory(
                mapper.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES),
                validator,
                System.getenv()));
    commands.accept(bootstrap);
  }

  /** The gateway's additions to Dropwizard's object mapper. */
  public static ObjectMapper configure(ObjectMapper mapper) {
    return mapper.registerModule(new DurationModule());
  }

  @Override
  public void run(GatewayConfiguration config, Environment environment) {
    if (config.getServerFactory() instanceof AbstractServerFactory server) {
      // Our own mappers answer every error as {code, message, requestId}.
      server.setRegisterDefaultExceptionMappers(false);
    }
    if (config.getServerFactory() instanceof DefaultServerFactory server) {
      // The admin connector serves thread dumps and tasks: on this host only, unless configured.
      for (ConnectorFactory connector : server.getAdminConnectors()) {
        if (connector instanceof HttpConnectorFactory http && http.getBindHost() == null) {
          http.setBindHost("127.0.0.1");
        }
      }
    }
    Gateway gateway = Gateway.build(config, environment.getObjectMapper(), clock);
    environment.lifecycle().manage(gateway);
    Authenticator authenticator = new Authenticator(config.auth(), clock, gateway.metrics());
    answerErrorsAsJson(environment);
    environment
        .admin()
        .addFilter(
            "admins-only", new AdminAccessFilter(authenticator, environment.getObjectMapper()))
        .addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), true, "/*");
    Optional<ConsoleSessions> console =
        config.console().enabled()
            ? Optional.of(
                new ConsoleSessions(
                    gateway.consoleSessions(), authenticator, config.console(), clock))
            : Optional.empty();
    RestApi.register(
        environment.jersey(),
        config,
        authenticator,
        gateway.submissions(),
        gateway.kills(),
        gateway.queries(),
        gateway.clusters(),
        gateway.clusterOverview(),
        gateway.metrics(),
        environment.getObjectMapper(),
        BuildInfo.read(),
        uploads(config, gateway),
        gateway.archivedLogs(),
        console,
        clock);
    if (console.isPresent()) {
      environment
          .servlets()
          .addServlet("console", new ConsoleAssets())
          .addMapping(config.api().contextPath() + "/ui/*");
    }
    environment
        .servlets()
        .addServlet("metrics", OperationsServlets.metrics(gateway.metrics()))
        .addMapping("/metrics");
    ShutdownDrain drain = drainAtShutdown(config, environment);
    environment
        .servlets()
        .addServlet(
            "ready",
            OperationsServlets.readiness(
                () -> drain.notReadyBecause().or(gateway::notReadyBecause)))
        .addMapping("/ready");
    environment.servlets().addServlet("live", OperationsServlets.liveness()).addMapping("/live");
    environment.healthChecks().register("clusters", new ClustersHealthCheck(gateway.watches()));
  }

  /** Uploads to the configured bucket, when there is one. */
  private Optional<Uploads> uploads(GatewayConfiguration config, Gateway gateway) {
    return gateway
        .uploadStore()
        .map(
            store ->
                new Uploads(
                    store,
                    config.storage().prefix(),
                    config.storage().maxUploadSize().toBytes(),
                    clock));
  }

  /**
   * On SIGTERM (Jetty's shutdown hook stops its lifecycles in order) the drain goes first, before
   * the server stops; a gateway stopped by its owner (tests, the demo) leaves the hook at once.
   */
  private static ShutdownDrain drainAtShutdown(
      GatewayConfiguration config, Environment environment) {
    SubmitGate gate = new SubmitGate(config.api().contextPath());
    environment
        .servlets()
        .addFilter("submit-gate", gate)
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
    ShutdownDrain drain =
        new ShutdownDrain(config.shutdown().drain(), config.tracking().shutdownTimeout(), gate);
    environment
        .lifecycle()
        .manage(
            new Managed() {
              @Override
              public void start() throws Exception {
                drain.start();
                ShutdownThread.register(0, drain);
              }

              @Override
              public void stop() {
                // Still started: this is not the JVM's shutdown, which has stopped it already.
                if (drain.isStarted()) {
                  ShutdownThread.deregister(drain);
                }
              }
            });
    return drain;
  }

  /**
   * Every request gets an ID first, and every error, including those Jetty answers before the
   * application runs, is answered in the one error shape.
   */
  private static void answerErrorsAsJson(Environment environment) {
    environment
        .servlets()
        .addFilter("request-ids", new RequestIds())
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    environment
        .servlets()
        .addFilter("content-types", new ContentTypes())
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
    environment
        .admin()
        .addFilter("request-ids", new RequestIds())
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    environment.getApplicationContext().setErrorHandler(new ServletErrors());
    environment.getAdminContext().setErrorHandler(new ServletErrors());
    environment
        .lifecycle()
        .addEventListener(
            new LifeCycle.Listener() {
              @Override
              public void lifeCycleStarting(LifeCycle event) {
                if (event instanceof Server server) {
                  server.setErrorHandler(new JettyErrors());
                }
              }
            });
  }
}

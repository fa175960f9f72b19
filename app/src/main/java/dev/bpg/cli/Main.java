package dev.bpg.cli;

import dev.bpg.client.BpgClientCommand;
import dev.bpg.client.ClientEnvironment;
import dev.bpg.config.GatewayConfiguration;
import dev.bpg.server.GatewayApplication;
import io.dropwizard.core.setup.Bootstrap;
import java.time.Clock;

/**
 * The entry point of {@code ./bpg} and of the jar: the client commands of a running gateway
 * (submit, status, logs, ...), Dropwizard's {@code server} command and the gateway's own commands,
 * from the demo to the benchmark.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && BpgClientCommand.isClientCommand(args[0])) {
      System.exit(BpgClientCommand.run(args, ClientEnvironment.system()));
    }
    if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
      System.out.print(BpgClientCommand.commandList());
      System.out.println();
      System.out.println("Server and tool commands (./bpg COMMAND -h for each):");
    }
    GatewayApplication.useAPoolForAsyncTasks();
    new GatewayApplication(Clock.systemUTC(), Main::addCommands).run(args);
  }

  static void addCommands(Bootstrap<GatewayConfiguration> bootstrap) {
    bootstrap.addCommand(new CheckConfigCommand(bootstrap.getApplication()));
    bootstrap.addCommand(new DemoCommand());
    bootstrap.addCommand(new LocalClustersCommand());
    bootstrap.addCommand(new ConvertConfigCommand());
    bootstrap.addCommand(new HashPasswordCommand());
    bootstrap.addCommand(new QueueTokenCommand());
    bootstrap.addCommand(new ApiTokenCommand());
    bootstrap.addCommand(new BenchCommand());
    bootstrap.addCommand(new ImageCommand());
    bootstrap.addCommand(new ClusterEntryCommand());
  }
}

package dev.bpg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.bpg.config.BpgConfigConverter;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code ./bpg convert-config BPG_FILE [OUT]}: writes a reference-gateway configuration in this
 * gateway's format, with notes on what changed in meaning. Environment references stay references.
 */
final class ConvertConfigCommand extends Command {
  ConvertConfigCommand() {
    super(
        "convert-config",
        "Converts an Apple Batch Processing Gateway configuration to this format");
  }

  @Override
  public void configure(Subparser subparser) {
    subparser.addArgument("file").help("the reference gateway's YAML configuration");
    subparser
        .addArgument("out")
        .nargs("?")
        .help("where to write the result (default: standard output)");
  }

  @Override
  public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
    YAMLMapper yaml =
        YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();
    JsonNode source = yaml.readTree(Path.of(namespace.getString("file")).toFile());
    if (!BpgConfigConverter.isBpgFormat(source)) {
      throw new IllegalArgumentException(
          namespace.getString("file")
              + " has no sparkClusters key: it is not a reference-gateway configuration");
    }
    BpgConfigConverter.Result result = BpgConfigConverter.convert(source, Optional.empty());
    if (!result.errors().isEmpty()) {
      throw new IllegalArgumentException(
          "cannot convert "
              + namespace.getString("file")
              + ":\n  "
              + String.join("\n  ", result.errors()));
    }
    StringBuilder out =
        new StringBuilder("# Converted from ")
            .append(namespace.getString("file"))
            .append(" by ./bpg convert-config.\n");
    result.notes().forEach(note -> out.append("# NOTE ").append(note).append('\n'));
    out.append(yaml.writeValueAsString(result.config()));
    String target = namespace.getString("out");
    if (target == null) {
      System.out.print(out);
    } else {
      Files.writeString(Path.of(target), out);
      System.out.println("Wrote " + target + "; check it with ./bpg check-config " + target);
    }
  }
}

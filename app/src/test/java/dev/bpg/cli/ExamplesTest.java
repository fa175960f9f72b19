package dev.bpg.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bpg.config.ClusterConfig;
import dev.bpg.config.ConfigValidator;
import dev.bpg.config.GatewayConfiguration;
import dev.bpg.config.GatewayConfigurationFactory;
import dev.bpg.config.QueueConfig;
import dev.bpg.server.GatewayApplication;
import dev.bpg.submission.RequestValidator;
import dev.bpg.submission.model.SubmitApplicationRequest;
import dev.bpg.submission.policy.PodPolicy;
import dev.bpg.submission.policy.RequestPolicy;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a newcomer runs first: {@code config/example.yaml} loads as {@code server} loads it, and
 * every request under {@code examples/} (the AWS blog's SparkPi among them) passes the policy of
 * the example's clusters and of the demo's, unchanged.
 */
class ExamplesTest {
  private static final Path ROOT = repositoryRoot();

  private static Path repositoryRoot() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("examples")) ? here : here.getParent();
  }

  private static GatewayConfiguration exampleConfiguration() throws Exception {
    ObjectMapper mapper =
        GatewayApplication.configure(Jackson.newObjectMapper())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    return new GatewayConfigurationFactory(mapper, Validators.newValidator(), Map.of())
        .build(
            new FileConfigurationSourceProvider(),
            ROOT.resolve("config").resolve("example.yaml").toString());
  }

  private static List<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(ROOT.resolve("examples"))) {
      return files.sorted().toList();
    }
  }

  private static SubmitApplicationRequest read(Path file) throws IOException {
    ObjectMapper mapper =
        file.toString().endsWith(".json")
            ? new ObjectMapper()
            : new ObjectMapper(new YAMLFactory());
    return mapper.readValue(file.toFile(), SubmitApplicationRequest.class);
  }

  @Test
  void theExampleConfigurationIsValid() throws Exception {
    GatewayConfiguration config = exampleConfiguration();

    assertThat(ConfigValidator.validate(config)).isEmpty();
    assertThat(config.clusters())
        .allSatisfy(c -> assertThat(c.namespace()).isEqualTo("spark-jobs"));
  }

  @Test
  void everyExampleRequestPassesTheExamplesAndTheDemosPolicy() throws Exception {
    GatewayConfiguration config = exampleConfiguration();
    List<ClusterConfig> clusters =
        Stream.concat(
                config.clusters().stream(),
                Stream.of(LocalSetup.cluster("spark-cluster-a", "http://127.0.0.1:1")))
            .toList();
    QueueConfig dev = config.queues().get(0);
    assertThat(examples()).hasSizeGreaterThanOrEqualTo(3);
    for (Path file : examples()) {
      SubmitApplicationRequest request = read(file);
      for (ClusterConfig cluster : clusters) {
        assertThatCode(
                () -> {
                  RequestValidator.validate(request);
                  RequestPolicy.check(request, cluster, PodPolicy.of(cluster, dev, dev));
                })
            .as("%s on %s", file.getFileName(), cluster.id())
            .doesNotThrowAnyException();
      }
    }
  }
}

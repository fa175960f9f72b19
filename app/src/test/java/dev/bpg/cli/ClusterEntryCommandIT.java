package dev.bpg.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bpg.config.ClusterConfig;
import dev.bpg.config.TestConfigs;
import dev.bpg.local.LocalCluster;
import dev.bpg.local.LocalClusterSpec;
import dev.bpg.local.LocalClusters;
import dev.bpg.local.LocalRunMode;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sourceforge.argparse4j.inf.Namespace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./bpg cluster-entry} against a local cluster's kubeconfig, where the gateway's service
 * account has a token Secret as {@code deploy/cluster-rbac} makes it (filled in here as Kubernetes'
 * token controller would): the entry names the API server, the namespace and the token as an
 * environment reference, and the token goes to a file only its owner reads.
 */
class ClusterEntryCommandIT {
  @TempDir Path dir;
  private LocalClusters clusters;
  private final PrintStream out = System.out;
  private final PrintStream err = System.err;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws Exception {
    clusters =
        LocalClusters.start(
            List.of(new LocalClusterSpec("spark-cluster-a", LocalSetup.NAMESPACE, 0)),
            Clock.systemUTC(),
            LocalRunMode.simulated());
    Files.writeString(dir.resolve("kubeconfig"), clusters.kubeconfig());
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    System.setOut(out);
    System.setErr(err);
    clusters.close();
  }

  private void run(Map<String, Object> arguments) throws Exception {
    Map<String, Object> all = new HashMap<>();
    all.put("kubeconfig", dir.resolve("kubeconfig").toString());
    all.put("context", "spark-cluster-a");
    all.put("namespace", LocalSetup.NAMESPACE);
    all.putAll(arguments);
    new ClusterEntryCommand().run(null, new Namespace(all));
  }

  @Test
  void theEntryNamesTheClusterAndTheTokenGoesToAFileOfItsOwnersOnly() throws Exception {
    LocalCluster cluster = clusters.cluster("spark-cluster-a");
    cluster
        .client()
        .serviceAccounts()
        .inNamespace(LocalSetup.NAMESPACE)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName("bpg-gateway")
                .endMetadata()
                .build())
        .create();
    cluster
        .client()
        .secrets()
        .inNamespace(LocalSetup.NAMESPACE)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("bpg-gateway-token")
                .addToAnnotations(ClusterEntryCommand.SERVICE_ACCOUNT_ANNOTATION, "bpg-gateway")
                .endMetadata()
                .withType(ClusterEntryCommand.TOKEN_SECRET_TYPE)
                .addToData(
                    "token",
                    Base64.getEncoder()
                        .encodeToString("the-token".getBytes(StandardCharsets.UTF_8)))
                .build())
        .create();

    Path tokenFile = dir.resolve("token.env");
    run(Map.of("serviceAccount", "bpg-gateway", "token_file", tokenFile.toString()));

    String entry = printed.toString(StandardCharsets.UTF_8);
    assertThat(entry).doesNotContain("the-token").contains("token: ${SPARK_CLUSTER_A_TOKEN}");
    // The entry is a valid clusters: item of the configuration.
    ClusterConfig config =
        TestConfigs.cluster(
            entry
                .replaceFirst("^  - ", "")
                .replace("\n    ", "\n")
                .replace("${SPARK_CLUSTER_A_TOKEN}", "x"));
    assertThat(config.id()).isEqualTo("spark-cluster-a");
    assertThat(config.masterUrl()).isEqualTo(cluster.masterUrl());
    assertThat(config.namespace()).isEqualTo(LocalSetup.NAMESPACE);
    assertThat(Files.readString(tokenFile)).isEqualTo("SPARK_CLUSTER_A_TOKEN=the-token\n");
    assertThat(Files.getPosixFilePermissions(tokenFile))
        .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
  }

  @Test
  void anAccountWithoutATokenSecretSaysHowToMakeOne() {
    assertThatThrownBy(() -> run(Map.of("serviceAccount", "bpg-gateway")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("deploy/cluster-rbac/token-secret.yaml")
        .hasMessageContaining("create token bpg-gateway");
  }

  @Test
  void withoutAnAccountTheEntrySaysWhereATokenComesFrom() throws Exception {
    run(Map.of());
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("token: ${SPARK_CLUSTER_A_TOKEN}   # no token given");
  }

  @Test
  void clusterIdsComeFromContextNames() {
    assertThat(ClusterEntryCommand.clusterId("arn:aws:eks:us-west-2:123456789012:cluster/Spark_A"))
        .isEqualTo("spark-a");
    assertThat(ClusterEntryCommand.clusterId("kind-dev")).isEqualTo("kind-dev");
    assertThatThrownBy(() -> ClusterEntryCommand.clusterId("!!!"))
        .hasMessageContaining("give --id");
  }
}

package dev.bpg.cli;

import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code ./bpg cluster-entry}: the {@code clusters:} entry of the configuration for one cluster of
 * a kubeconfig: its API server, its CA certificate, the job namespace, and the token of the
 * gateway's service account (from the token Secret that {@code deploy/cluster-rbac} makes) as an
 * environment reference, the token itself going to a file or to standard error, never into the
 * entry.
 */
final class ClusterEntryCommand extends Command {
  static final String TOKEN_SECRET_TYPE = "kubernetes.io/service-account-token";
  static final String SERVICE_ACCOUNT_ANNOTATION = "kubernetes.io/service-account.name";

  ClusterEntryCommand() {
    super(
        "cluster-entry",
        "Prints the clusters: entry of the configuration for a kubeconfig context");
  }

  @Override
  public void configure(Subparser subparser) {
    subparser.addArgument("--kubeconfig").required(true).help("the kubeconfig file");
    subparser.addArgument("--context").required(true).help("the context of the Spark cluster");
    subparser
        .addArgument("--namespace")
        .required(true)
        .help("the namespace the gateway creates SparkApplications in");
    subparser
        .addArgument("--token-from-service-account")
        .dest("serviceAccount")
        .help(
            "the gateway's service account there (bpg-gateway in deploy/cluster-rbac): its token"
                + " Secret gives the token");
    subparser.addArgument("--id").help("the cluster's ID in the gateway (default: the context)");
    subparser
        .addArgument("--token-variable")
        .help("the environment variable the entry reads the token from (default: <ID>_TOKEN)");
    subparser
        .addArgument("--token-file")
        .help("where to write NAME=TOKEN for the gateway's Secret (default: standard error)");
  }

  @Override
  public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
    Path kubeconfig = Path.of(namespace.getString("kubeconfig"));
    String context = namespace.getString("context");
    String jobNamespace = namespace.getString("namespace");
    Config config =
        Config.fromKubeconfig(
            context, Files.readString(kubeconfig), kubeconfig.toAbsolutePath().toString());
    String id = clusterId(namespace.getString("id") != null ? namespace.getString("id") : context);
    String tokenVariable =
        namespace.getString("token_variable") != null
            ? namespace.getString("token_variable")
            : id.toUpperCase(Locale.ROOT).replace('-', '_') + "_TOKEN";
    Optional<String> token = Optional.empty();
    String account = namespace.getString("serviceAccount");
    if (account != null) {
      try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
        token = serviceAccountToken(client, jobNamespace, account);
      }
      if (token.isEmpty()) {
        throw new IllegalArgumentException(
            "service account "
                + account
                + " in "
                + jobNamespace
                + " has no token Secret with a token: apply deploy/cluster-rbac/token-secret.yaml"
                + " (Kubernetes fills it in), or make a token with: kubectl --context "
                + context
                + " -n "
                + jobNamespace
                + " create token "
                + account
                + " --duration 8760h");
      }
    }
    System.out.print(entry(id, config, jobNamespace, tokenVariable, account != null));
    if (token.isPresent()) {
      String line = tokenVariable + "=" + token.get() + "\n";
      String file = namespace.getString("token_file");
      if (file != null) {
        Path path = Path.of(file);
        Files.deleteIfExists(path);
        Files.createFile(
            path,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(path, line);
        System.err.println(
            "Wrote " + tokenVariable + " to " + file + " (for the gateway's Secret)");
      } else {
        PrintStream err = System.err;
        err.println("# For the gateway's Secret (secrets.env in the Helm chart), not the config:");
        err.print(line);
      }
    }
  }

  /** The entry, as YAML under {@code clusters:}. */
  static String entry(
      String id, Config config, String namespace, String tokenVariable, boolean hasToken) {
    StringBuilder yaml = new StringBuilder();
    yaml.append("  - id: ").append(id).append('\n');
    yaml.append("    masterUrl: ").append(stripSlash(config.getMasterUrl())).append('\n');
    caCertData(config).ifPresent(ca -> yaml.append("    caCertData: ").append(ca).append('\n'));
    yaml.append("    token: ${").append(tokenVariable).append("}");
    yaml.append(
        hasToken
            ? "\n"
            : "   # no token given: --token-from-service-account bpg-gateway, see"
                + " deploy/cluster-rbac\n");
    yaml.append("    namespace: ").append(namespace).append('\n');
    yaml.append(
        "    serviceAccount: spark          # the account the jobs' drivers run as there\n");
    yaml.append("    sparkVersions: [\"3.5.0\"]\n");
    yaml.append("    queues: [dev]\n");
    return yaml.toString();
  }

  /** The cluster's CA certificate, base64 PEM, from the kubeconfig's data or its file. */
  static Optional<String> caCertData(Config config) {
    if (config.getCaCertData() != null && !config.getCaCertData().isBlank()) {
      return Optional.of(config.getCaCertData());
    }
    if (config.getCaCertFile() != null && !config.getCaCertFile().isBlank()) {
      try {
        return Optional.of(
            Base64.getEncoder()
                .encodeToString(Files.readAllBytes(Path.of(config.getCaCertFile()))));
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot read the cluster's CA file " + config.getCaCertFile(), e);
      }
    }
    return Optional.empty();
  }

  /** The token of the service account's token Secret, once Kubernetes has filled it in. */
  static Optional<String> serviceAccountToken(
      KubernetesClient client, String namespace, String account) {
    List<Secret> secrets = client.secrets().inNamespace(namespace).list().getItems();
    for (Secret secret : secrets) {
      Map<String, String> annotations = secret.getMetadata().getAnnotations();
      Map<String, String> data = secret.getData();
      if (TOKEN_SECRET_TYPE.equals(secret.getType())
          && annotations != null
          && account.equals(annotations.get(SERVICE_ACCOUNT_ANNOTATION))
          && data != null
          && data.get("token") != null) {
        return Optional.of(
            new String(Base64.getDecoder().decode(data.get("token")), StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }

  /** A gateway cluster ID from a context name: lowercase letters, digits and '-'. */
  static String clusterId(String name) {
    String id =
        name.toLowerCase(Locale.ROOT)
            .replaceAll("^arn:aws:eks:[^:]*:[0-9]*:cluster/", "")
            .replaceAll("[^a-z0-9-]+", "-")
            .replaceAll("^-+|-+$", "");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("cannot make a cluster ID of '" + name + "': give --id");
    }
    return id;
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}

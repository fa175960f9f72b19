package dev.bpg.http;

import dev.bpg.config.ClusterConfig;
import dev.bpg.submission.ApplicationState;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The links a submission's answers carry, from its cluster's templates: {@code sparkUIUrl} while it
 * runs and {@code historyServerUrl} once it has ended. A template may name {@code {appId}}, {@code
 * {submissionId}} and {@code {namespace}}; a {@code sparkUIUrl} without any is Apple's base URL,
 * completed with {@code /<namespace>/<submissionId>}, and a {@code historyServerUrl} without any is
 * a Spark History Server's address, completed with {@code /history/<appId>/}. A link whose template
 * needs the application ID is left out until Spark has given one.
 */
final class Links {
  private Links() {}

  static Optional<String> sparkUi(
      ClusterConfig cluster,
      String namespace,
      String submissionId,
      String appId,
      ApplicationState state) {
    if (state != ApplicationState.RUNNING) {
      return Optional.empty();
    }
    String template = cluster.sparkUiUrl();
    if (template == null || template.isBlank()) {
      return Optional.empty();
    }
    if (!template.contains("{")) {
      return Optional.of(withSlash(template) + namespace + "/" + submissionId);
    }
    return fill(template, namespace, submissionId, appId);
  }

  static Optional<String> historyServer(
      ClusterConfig cluster,
      String namespace,
      String submissionId,
      String appId,
      ApplicationState state) {
    if (state != ApplicationState.COMPLETED && state != ApplicationState.FAILED) {
      return Optional.empty();
    }
    String template = cluster.historyServerUrl();
    if (template == null || template.isBlank() || appId == null || appId.isBlank()) {
      return Optional.empty();
    }
    if (!template.contains("{")) {
      return Optional.of(withSlash(template) + "history/" + encode(appId) + "/");
    }
    return fill(template, namespace, submissionId, appId);
  }

  private static Optional<String> fill(
      String template, String namespace, String submissionId, String appId) {
    if (template.contains("{appId}") && (appId == null || appId.isBlank())) {
      return Optional.empty();
    }
    return Optional.of(
        template
            .replace("{appId}", appId == null ? "" : encode(appId))
            .replace("{submissionId}", encode(submissionId))
            .replace("{namespace}", encode(namespace)));
  }

  private static String withSlash(String url) {
    return url.endsWith("/") ? url : url + "/";
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}

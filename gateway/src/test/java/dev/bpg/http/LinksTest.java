package dev.bpg.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bpg.config.ClusterConfig;
import dev.bpg.config.TestConfigs;
import dev.bpg.submission.ApplicationState;
import org.junit.jupiter.api.Test;

class LinksTest {
  private static ClusterConfig cluster(String extra) {
    return TestConfigs.cluster(
        "{id: a, masterUrl: 'https://a', namespace: jobs, sparkVersions: ['3.5'], queues: [dev]"
            + extra
            + "}");
  }

  @Test
  void applesSparkUiBaseGetsTheNamespaceAndTheSubmissionWhileItRuns() {
    ClusterConfig apple = cluster(", sparkUIUrl: 'https://ui.example.com/a'");
    assertThat(Links.sparkUi(apple, "jobs", "a-1", "app-9", ApplicationState.RUNNING))
        .contains("https://ui.example.com/a/jobs/a-1");
    assertThat(Links.sparkUi(apple, "jobs", "a-1", "app-9", ApplicationState.SUBMITTED)).isEmpty();
    assertThat(Links.sparkUi(apple, "jobs", "a-1", "app-9", ApplicationState.COMPLETED)).isEmpty();
    assertThat(Links.sparkUi(cluster(""), "jobs", "a-1", "app-9", ApplicationState.RUNNING))
        .isEmpty();
  }

  @Test
  void templatesNameTheApplicationTheSubmissionAndTheNamespace() {
    ClusterConfig templated =
        cluster(
            ", sparkUIUrl: 'https://spark.example.com/{namespace}/{submissionId}/ui?app={appId}',"
                + " historyServerUrl: 'https://history.example.com/history/{appId}/jobs/'");
    assertThat(Links.sparkUi(templated, "jobs", "a-1", "spark-42", ApplicationState.RUNNING))
        .contains("https://spark.example.com/jobs/a-1/ui?app=spark-42");
    assertThat(
            Links.historyServer(templated, "jobs", "a-1", "spark-42", ApplicationState.COMPLETED))
        .contains("https://history.example.com/history/spark-42/jobs/");
    assertThat(Links.historyServer(templated, "jobs", "a-1", "spark-42", ApplicationState.FAILED))
        .isPresent();
    // Not before it ends, and not without the application ID it names.
    assertThat(Links.historyServer(templated, "jobs", "a-1", "spark-42", ApplicationState.RUNNING))
        .isEmpty();
    assertThat(Links.historyServer(templated, "jobs", "a-1", null, ApplicationState.COMPLETED))
        .isEmpty();
    assertThat(Links.sparkUi(templated, "jobs", "a-1", null, ApplicationState.RUNNING)).isEmpty();
  }

  @Test
  void aHistoryServerAddressGetsTheApplicationsPage() {
    ClusterConfig history = cluster(", historyServerUrl: 'http://127.0.0.1:18080'");
    assertThat(Links.historyServer(history, "jobs", "a-1", "local-17", ApplicationState.COMPLETED))
        .contains("http://127.0.0.1:18080/history/local-17/");
  }

  @Test
  void valuesAreEncodedInTheUrl() {
    ClusterConfig templated = cluster(", historyServerUrl: 'https://h/{appId}'");
    assertThat(Links.historyServer(templated, "jobs", "a-1", "a b/c", ApplicationState.COMPLETED))
        .contains("https://h/a+b%2Fc");
  }
}

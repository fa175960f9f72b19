package dev.bpg.submission;

import static dev.bpg.config.TestConfigs.spark;
import static dev.bpg.submission.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpg.config.SparkConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which settings are secrets, and that the stored request shows none of them. */
class SecretMaskingTest {
  private static final SecretMasking DEFAULTS = new SecretMasking(SparkConfig.empty());

  @Test
  void keysThatNameCredentialsOrKeyMaterialAreSecrets() {
    for (String key :
        new String[] {
          "spark.hadoop.fs.s3a.secret.key",
          "spark.hadoop.fs.s3a.access.key",
          "spark.ssl.keyPassword",
          "spark.ssl.keyStorePassword",
          "spark.ssl.trustStore",
          "spark.hadoop.fs.azure.account.key.acct.blob.core.windows.net",
          "spark.hadoop.fs.gs.auth.service.account.private.key",
          "spark.datasource.snowflake.sfPassword",
          "spark.github.token",
          "spark.kerberos.keytab",
          "spark.my.credentials",
          "spark.jdbc.PASSWD"
        }) {
      assertThat(DEFAULTS.isSecret(key)).as(key).isTrue();
    }
    for (String key :
        new String[] {
          "spark.app.name",
          "spark.sql.shuffle.partitions",
          "spark.executor.memory",
          "spark.kubernetes.executor.podNamePrefix",
          "spark.keyedStream.enabled",
          "spark.sql.sources.bucketing.autoBucketedScan.enabled"
        }) {
      assertThat(DEFAULTS.isSecret(key)).as(key).isFalse();
    }
  }

  @Test
  void theConfigurationNamesMoreAndMayReplaceThePattern() {
    SecretMasking masking =
        new SecretMasking(spark("{secretKeys: [spark.my.conn], secretKeyPattern: '.*private.*'}"));

    assertThat(masking.isSecret("spark.my.conn")).isTrue();
    assertThat(masking.isSecret("spark.a.private.thing")).isTrue();
    assertThat(masking.isSecret("spark.ssl.keyPassword")).isFalse();
    assertThat(masking.mask(Map.of("spark.my.conn", "x", "spark.app.name", "a")))
        .containsExactlyInAnyOrderEntriesOf(Map.of("spark.my.conn", "***", "spark.app.name", "a"));
  }

  @Test
  void theStoredRequestShowsNoSecretSettingNorTokenNorEnvironment() {
    SubmissionRecords records = new SubmissionRecords(new ObjectMapper(), DEFAULTS, "replica-test");

    String stored =
        records.maskedRequest(
            request(
                "{sparkVersion: 3.5.0, mainApplicationFile: 'local:///a.jar', queueToken: jwt,"
                    + " sparkConf: {spark.hadoop.fs.s3a.secret.key: s3cr3t, spark.app.name: a},"
                    + " driver: {env: [{name: DB, value: hunter2}]}}"));

    assertThat(stored)
        .doesNotContain("s3cr3t", "hunter2", "jwt")
        .contains("\"spark.hadoop.fs.s3a.secret.key\":\"***\"")
        .contains("\"spark.app.name\":\"a\"");
  }
}

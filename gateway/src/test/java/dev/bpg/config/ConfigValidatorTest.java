package dev.bpg.config;

import static dev.bpg.config.TestConfigs.cluster;
import static dev.bpg.config.TestConfigs.queue;
import static dev.bpg.config.TestConfigs.read;
import static dev.bpg.config.TestConfigs.spark;
import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigValidatorTest {
  private static final String HASH = BCrypt.withDefaults().hashToString(4, "pw".toCharArray());
  private static final String CLUSTER_A =
      "{id: spark-cluster-a, masterUrl: 'https://a.example.com', sparkVersions: [3.5.0], queues:"
          + " [dev]}";
  private static final String CLUSTER_B =
      "{id: spark-cluster-b, masterUrl: 'https://b.example.com:6443', sparkVersions: [3.5.0],"
          + " queues: [dev, etl]}";

  private static GatewayConfiguration valid() {
    return new GatewayConfiguration()
        .withAuth(auth("{users: [{name: alice, passwordHash: '" + HASH + "'}]}"))
        .withQueues(List.of(queue("{name: dev}"), queue("{name: etl}")))
        .withClusters(List.of(cluster(CLUSTER_A), cluster(CLUSTER_B)));
  }

  private static AuthConfig auth(String yaml) {
    return read(yaml, AuthConfig.class);
  }

  private static List<String> errors(GatewayConfiguration config) {
    return ConfigValidator.validate(config);
  }

  private static List<String> withClusterB(String yaml) {
    return errors(valid().withClusters(List.of(cluster(CLUSTER_A), cluster(yaml))));
  }

  /** The valid configuration with a third queue, {@code queues[2]}. */
  private static List<String> withQueue2(String yaml) {
    return errors(
        valid().withQueues(List.of(queue("{name: dev}"), queue("{name: etl}"), queue(yaml))));
  }

  @Test
  void aValidConfigurationHasNoErrors() {
    assertThat(errors(valid())).isEmpty();
  }

  @Test
  void reportsEveryErrorAtOnce() {
    GatewayConfiguration config =
        valid()
            .withApi(read("{contextPath: api}", ApiConfig.class))
            .withClusters(
                List.of(
                    cluster(CLUSTER_A),
                    cluster(
                        "{id: B, masterUrl: 'https://b', sparkVersions: [3.5.0], queues: [dev]}")))
            .withQueues(
                List.of(queue("{name: dev, maxExecutorInstances: 0}"), queue("{name: etl}")));

    assertThat(errors(config))
        .containsExactly(
            "api.contextPath: must start with '/' and not end with '/', such as /skatev2",
            "queues[0].maxExecutorInstances: must be at least 1",
            "clusters[1].id: must be 1 to 30 lowercase letters, digits or '-', starting and ending"
                + " with a letter or digit (it starts every submission ID)");
  }

  // --- api ---

  @ParameterizedTest(name = "contextPath ''{0}''")
  @ValueSource(strings = {"skatev2", "/skatev2/", ""})
  void theContextPathStartsWithASlashAndDoesNotEndWithOne(String path) {
    assertThat(errors(valid().withApi(new ApiConfig(path, null, null))))
        .containsExactly(
            "api.contextPath: must start with '/' and not end with '/', such as /skatev2");
  }

  @Test
  void theRootContextPathIsFine() {
    assertThat(errors(valid().withApi(new ApiConfig("/", null, null)))).isEmpty();
  }

  @Test
  void rateLimitsAreAtLeastOneAndOneUserGetsNoMoreStreamsThanAll() {
    assertThat(
            errors(
                valid()
                    .withApi(
                        read(
                            "{rateLimits: {submitsPerMinute: 0, submitBurst: -1,"
                                + " logStreamsPerUser: 0, logStreams: 0}}",
                            ApiConfig.class))))
        .containsExactly(
            "api.rateLimits.submitsPerMinute: must be at least 1",
            "api.rateLimits.submitBurst: must be at least 1",
            "api.rateLimits.logStreamsPerUser: must be at least 1",
            "api.rateLimits.logStreams: must be at least 1");
    assertThat(
            errors(
                valid()
                    .withApi(
                        read(
                            "{rateLimits: {logStreamsPerUser: 5, logStreams: 4}}",
                            ApiConfig.class))))
        .containsExactly("api.rateLimits.logStreamsPerUser: must not be more than logStreams");
    assertThat(errors(valid().withApi(read("{rateLimits: {submitBurst: 1}}", ApiConfig.class))))
        .isEmpty();
  }

  @Test
  void theBodyLimitIsFrom1KiBTo4MiB() {
    assertThat(errors(valid().withApi(read("{maxRequestBodySize: 1023B}", ApiConfig.class))))
        .containsExactly("api.maxRequestBodySize: must be from 1KiB to 4MiB");
    assertThat(errors(valid().withApi(read("{maxRequestBodySize: 5MiB}", ApiConfig.class))))
        .containsExactly("api.maxRequestBodySize: must be from 1KiB to 4MiB");
    assertThat(errors(valid().withApi(read("{maxRequestBodySize: 4MiB}", ApiConfig.class))))
        .isEmpty();
    assertThat(errors(valid().withApi(read("{maxRequestBodySize: 1KiB}", ApiConfig.class))))
        .isEmpty();
  }

  // --- auth ---

  @Test
  void usersNeedANameOnce() {
    assertThat(
            errors(
                valid()
                    .withAuth(
                        auth(
                            "{users: [{name: alice, passwordHash: '"
                                + HASH
                                + "'},"
                                + " {name: ' ', passwordHash: '"
                                + HASH
                                + "'}, {name: alice, passwordHash: '"
                                + HASH
                                + "'},"
                                + " {name: 'bob:x', passwordHash: '"
                                + HASH
                                + "'}]}"))))
        .containsExactly(
            "auth.users[1].name: is required",
            "auth.users[2].name: user 'alice' is listed twice",
            "auth.users[3].name: must not contain ':' (HTTP Basic separates user and password with"
                + " it)");
  }

  @Test
  void usersNeedAWellFormedPasswordHash() {
    assertThat(
            errors(
                valid()
                    .withAuth(
                        auth(
                            "{users: [{name: alice}, {name: bob, passwordHash: secret}, {name:"
                                + " carol, passwordHash: 'pbkdf2-sha256$0$c2FsdA==$aGFzaA=='}]}"))))
        .containsExactly(
            "auth.users[0].passwordHash: is required (make one with ./bpg hash-password)",
            "auth.users[1].passwordHash: not a password hash: use pbkdf2-sha256$... (./bpg"
                + " hash-password) or a bcrypt hash ($2b$...)",
            "auth.users[2].passwordHash: the iteration count must be positive");
  }

  @Test
  void theTrustedUserHeaderIsAHeaderName() {
    assertThat(
            errors(
                valid()
                    .withAuth(
                        auth("{trustedUserHeader: 'User Account', trustedProxies: ['::1']}"))))
        .containsExactly("auth.trustedUserHeader: 'User Account' is not a header name");
    assertThat(
            errors(
                valid()
                    .withAuth(
                        auth("{trustedUserHeader: User-Account, trustedProxies: [10.1.2.3]}"))))
        .isEmpty();
  }

  @Test
  void theTrustedUserHeaderComesOnlyFromTheProxiesListed() {
    assertThat(errors(valid().withAuth(auth("{trustedUserHeader: User-Account}"))))
        .containsExactly(
            "auth.trustedProxies: with trustedUserHeader, list the addresses (CIDRs) of the"
                + " proxies that set it; from anyone else the header is ignored");
    assertThat(
            errors(
                valid()
                    .withAuth(
                        auth(
                            "{trustedUserHeader: User-Account, trustedProxies: [10.0.0.0/33,"
                                + " proxy.example.com]}"))))
        .containsExactly(
            "auth.trustedProxies[0]: '10.0.0.0/33' has a prefix length out of range",
            "auth.trustedProxies[1]: 'proxy.example.com' is not an address");
  }

  @Test
  void someoneMustBeAbleToSignIn() {
    assertThat(errors(valid().withAuth(AuthConfig.empty())))
        .containsExactly(
            "auth.users: no user can sign in; add users, apiTokens or oidc, or set"
                + " auth.trustedUserHeader");
  }

  @Test
  void aQueueNamesItsUsersOrGroups() {
    assertThat(withQueue2("{name: ml, allowedUsers: []}"))
        .containsExactly(
            "queues[2].allowedUsers: leave it out (everyone) or list users (\"*\" for all) or"
                + " allowedGroups");
    assertThat(withQueue2("{name: ml, allowedGroups: [team-ml]}")).isEmpty();
  }

  @Test
  void apiTokensAreStoredAsTheirSha256() {
    String hash = ApiTokenConfig.hashOf("bpg_secret");
    assertThat(
            errors(valid().withAuth(auth("{apiTokens: [{user: robot, tokenHash: " + hash + "}]}"))))
        .isEmpty();
    assertThat(
            errors(
                valid()
                    .withAuth(
                        auth(
                            "{apiTokens: [{tokenHash: bpg_secret}, {user: a, tokenHash: "
                                + hash
                                + "}, {user: b, tokenHash: "
                                + hash
                                + "}]}"))))
        .containsExactly(
            "auth.apiTokens[0].user: is required",
            "auth.apiTokens[0].tokenHash: must be sha256: and 64 hex digits (./bpg api-token) or"
                + " a password hash (./bpg hash-password)",
            "auth.apiTokens[2].tokenHash: the same token is listed twice");
  }

  @Test
  void oidcNeedsAnIssuerAnAudienceAndKeysOverHttps() {
    assertThat(
            errors(
                valid()
                    .withAuth(
                        auth(
                            "{oidc: {issuer: 'https://idp.example.com', audience: bpg, jwksUrl:"
                                + " 'https://idp.example.com/keys'}}"))))
        .isEmpty();
    assertThat(
            errors(
                valid()
                    .withAuth(
                        auth(
                            "{oidc: {issuer: 'https://idp', audience: bpg, jwksUrl:"
                                + " 'http://127.0.0.1:9000/keys'}}"))))
        .isEmpty();
    assertThat(
            errors(
                valid()
                    .withAuth(
                        auth(
                            "{oidc: {jwksUrl: 'http://idp.example.com/keys', clockSkew: PT-1S}}"))))
        .containsExactly(
            "auth.oidc.issuer: is required (the iss of the provider's tokens)",
            "auth.oidc.audience: is required (the aud the provider gives this gateway)",
            "auth.oidc.jwksUrl: must be an https URL (plain http only to localhost), not"
                + " 'http://idp.example.com/keys'",
            "auth.oidc.clockSkew: must not be negative");
  }

  // --- database ---

  @Test
  void theDatabaseIsAJdbcUrlWithAPoolAndATimeout() {
    assertThat(
            errors(
                valid()
                    .withDatabase(
                        read(
                            "{url: 'mysql://db/bpg', poolSize: 0, connectionTimeout: 0s}",
                            DatabaseConfig.class))))
        .containsExactly(
            "database.url: must be a JDBC URL starting with jdbc:",
            "database.poolSize: must be at least 1",
            "database.connectionTimeout: must be positive");
  }

  // --- spark ---

  @Test
  void imagesNeedNameVersionAndTypes() {
    assertThat(
            errors(
                valid()
                    .withSpark(
                        spark(
                            "{images: [{name: ok, types: [Java], version: 3.5.0}, {types: [Java],"
                                + " version: 3.5.0}, {name: ' ', version: ' ', types: []}]}"))))
        .containsExactly(
            "spark.images[1].name: is required",
            "spark.images[2].name: is required",
            "spark.images[2].version: is required",
            "spark.images[2].types: must list at least one of Java, Scala, Python, R");
  }

  // --- queues ---

  @Test
  void atLeastOneQueueIsRequired() {
    assertThat(errors(valid().withQueues(List.of())))
        .containsExactly(
            "queues: at least one queue is required",
            "clusters[0].queues[0]: queue 'dev' is not defined under queues",
            "clusters[1].queues[0]: queue 'dev' is not defined under queues",
            "clusters[1].queues[1]: queue 'etl' is not defined under queues");
  }

  @ParameterizedTest(name = "queue name ''{0}''")
  @ValueSource(strings = {"", "a b", ".dev", "dev.", "a..b", "d\u00e9v"})
  void queueNamesAreWordsJoinedByDots(String name) {
    assertThat(withQueue2("{name: '" + name + "'}"))
        .containsExactly(
            "queues[2].name: must be letters, digits, '_' or '-', with '.' between parts");
  }

  @Test
  void aQueueWithoutANameIsReported() {
    assertThat(withQueue2("{users: [x]}"))
        .containsExactly(
            "queues[2].name: must be letters, digits, '_' or '-', with '.' between parts");
  }

  @Test
  void queueNamesAreUniqueIgnoringCase() {
    assertThat(
            errors(
                valid()
                    .withQueues(
                        List.of(queue("{name: dev}"), queue("{name: etl}"), queue("{name: DEV}")))))
        .containsExactly("queues[2].name: queue 'DEV' is listed twice");
  }

  @Test
  void subQueuesAreFine() {
    assertThat(withQueue2("{name: etl.daily_v2-x}")).isEmpty();
  }

  @Test
  void queueLimitsArePositive() {
    assertThat(withQueue2("{name: adhoc, maxExecutorInstances: 0, maxRunningTime: 0s}"))
        .containsExactly(
            "queues[2].maxExecutorInstances: must be at least 1",
            "queues[2].maxRunningTime: must be positive");
  }

  @Test
  void bufferRatiosAreAbove0AndAtMost100() {
    assertThat(
            withQueue2(
                "{name: adhoc, driverCPUBufferRatio: 0, executorCPUBufferRatio: -1,"
                    + " driverMemBufferRatio: 100.5, executorMemBufferRatio: NaN}"))
        .containsExactly(
            "queues[2].driverCPUBufferRatio: must be a number above 0 (1.0 leaves requests as they"
                + " are)",
            "queues[2].executorCPUBufferRatio: must be a number above 0 (1.0 leaves requests as"
                + " they are)",
            "queues[2].driverMemBufferRatio: must be a number above 0 (1.0 leaves requests as they"
                + " are)",
            "queues[2].executorMemBufferRatio: must be a number above 0 (1.0 leaves requests as"
                + " they are)");
    assertThat(withQueue2("{name: adhoc, driverCPUBufferRatio: 100, executorMemBufferRatio: 0.5}"))
        .isEmpty();
  }

  @Test
  void onlyTheRoundRobinZonePickerExists() {
    assertThat(withQueue2("{name: adhoc, allowedZones: [a], zonePickerName: random}"))
        .containsExactly("queues[2].zonePickerName: only round_robin exists");
  }

  // --- clusters ---

  @Test
  void atLeastOneClusterIsRequired() {
    assertThat(errors(valid().withClusters(List.of())))
        .containsExactly("clusters: at least one cluster is required");
  }

  @ParameterizedTest(name = "cluster id ''{0}''")
  @ValueSource(
      strings = {"Spark", "spark_a", "-spark", "spark-", "", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
  void clusterIdsAreShortDnsLabels(String id) {
    assertThat(
            withClusterB(
                "{id: '"
                    + id
                    + "', masterUrl: 'https://b', sparkVersions: [3.5.0], queues: [dev]}"))
        .containsExactly(
            "clusters[1].id: must be 1 to 30 lowercase letters, digits or '-', starting and ending"
                + " with a letter or digit (it starts every submission ID)");
  }

  @Test
  void aClusterIdOf30CharactersIsFine() {
    assertThat(
            withClusterB(
                "{id: "
                    + "a".repeat(30)
                    + ", masterUrl: 'https://b', sparkVersions: [3.5.0], queues: [dev]}"))
        .isEmpty();
  }

  @Test
  void aClusterWithoutAnIdIsReported() {
    assertThat(withClusterB("{masterUrl: 'https://b', sparkVersions: [3.5.0], queues: [dev]}"))
        .containsExactly(
            "clusters[1].id: must be 1 to 30 lowercase letters, digits or '-', starting and ending"
                + " with a letter or digit (it starts every submission ID)");
  }

  @Test
  void clusterIdsAreUnique() {
    assertThat(withClusterB(CLUSTER_A))
        .containsExactly("clusters[1].id: cluster 'spark-cluster-a' is listed twice");
  }

  @Test
  void weightsAreNotNegative() {
    assertThat(
            withClusterB(
                "{id: b, weight: -1, masterUrl: 'https://b', sparkVersions: [3.5.0], queues:"
                    + " [dev]}"))
        .containsExactly("clusters[1].weight: must be 0 (never routed to) or more");
    assertThat(
            withClusterB(
                "{id: b, weight: 0, masterUrl: 'https://b', sparkVersions: [3.5.0], queues:"
                    + " [dev]}"))
        .isEmpty();
  }

  @Test
  void theMasterUrlIsAnHttpUrlWithAHost() {
    assertThat(withClusterB("{id: b, sparkVersions: [3.5.0], queues: [dev]}"))
        .containsExactly("clusters[1].masterUrl: is required");
    assertThat(withClusterB("{id: b, masterUrl: 'ftp://b', sparkVersions: [3.5.0], queues: [dev]}"))
        .containsExactly("clusters[1].masterUrl: must be an http or https URL with a host");
    assertThat(
            withClusterB(
                "{id: b, masterUrl: 'https:///path', sparkVersions: [3.5.0], queues: [dev]}"))
        .containsExactly("clusters[1].masterUrl: must be an http or https URL with a host");
    assertThat(
            withClusterB(
                "{id: b, masterUrl: 'https://b a', sparkVersions: [3.5.0], queues: [dev]}"))
        .containsExactly("clusters[1].masterUrl: is not a URL (Illegal character in authority)");
    assertThat(
            withClusterB(
                "{id: b, masterUrl: 'http://127.0.0.1:8001', sparkVersions: [3.5.0], queues:"
                    + " [dev]}"))
        .isEmpty();
  }

  @Test
  void theNamespaceIsAKubernetesName() {
    assertThat(
            withClusterB(
                "{id: b, masterUrl: 'https://b', namespace: Spark_Jobs, sparkVersions: [3.5.0],"
                    + " queues: [dev]}"))
        .containsExactly("clusters[1].namespace: 'Spark_Jobs' is not a Kubernetes namespace name");
  }

  @Test
  void aClusterServesSomeVersionAndSomeQueue() {
    assertThat(withClusterB("{id: b, masterUrl: 'https://b'}"))
        .containsExactly(
            "clusters[1].sparkVersions: must list at least one Spark version",
            "clusters[1].queues: must list at least one queue");
  }

  @Test
  void aClustersQueuesAreDefinedUnderQueuesIgnoringCase() {
    assertThat(
            withClusterB(
                "{id: b, masterUrl: 'https://b', sparkVersions: [3.5.0], queues: [ETL, adhoc, dev,"
                    + " nope]}"))
        .containsExactly(
            "clusters[1].queues[1]: queue 'adhoc' is not defined under queues",
            "clusters[1].queues[3]: queue 'nope' is not defined under queues");
  }

  @Test
  void timeoutsArePositiveAndTtlsNotNegative() {
    assertThat(
            withClusterB(
                "{id: b, masterUrl: 'https://b', sparkVersions: [3.5.0], queues: [dev],"
                    + " requestTimeout: 0s, ttl: PT-1S}"))
        .containsExactly(
            "clusters[1].requestTimeout: must be positive",
            "clusters[1].ttl: must not be negative");
    assertThat(
            withClusterB(
                "{id: b, masterUrl: 'https://b', sparkVersions: [3.5.0], queues: [dev], ttl: 0s}"))
        .isEmpty();
  }

  @Test
  void yunikornIsTheOnlyBatchScheduler() {
    assertThat(
            withClusterB(
                "{id: b, masterUrl: 'https://b', sparkVersions: [3.5.0], queues: [dev],"
                    + " batchScheduler: volcano}"))
        .containsExactly(
            "clusters[1].batchScheduler: only yunikorn is supported (leave it out for none)");
    assertThat(
            withClusterB(
                "{id: b, masterUrl: 'https://b', sparkVersions: [3.5.0], queues: [dev],"
                    + " batchScheduler: YuniKorn}"))
        .isEmpty();
  }

  @Test
  void clusterVolumesNeedNames() {
    assertThat(
            withClusterB(
                "{id: b, masterUrl: 'https://b', sparkVersions: [3.5.0], queues: [dev],"
                    + " volumes: [{name: ok, emptyDir: {}}, {hostPath: {path: /tmp}}]}"))
        .containsExactly("clusters[1].volumes[1].name: is required");
  }

  @Test
  void theReconciliationWaitsLongerThanASubmissionsDispatchLease() {
    // Two clusters of 30 s (the default): two attempts, each a create and a question whether it
    // landed, 120 s, plus 10 s: a lease of 130 s; the grace waits 20 s more than that.
    GatewayConfiguration defaults = valid();
    assertThat(defaults.dispatchLease()).isEqualTo(Duration.ofSeconds(130));
    assertThat(defaults.effectiveReconcileGrace()).isEqualTo(Duration.ofSeconds(150));
    // 180 s per cluster, as Apple's sample sets.
    GatewayConfiguration slow = valid().withClusterRequestTimeout(Duration.ofSeconds(180));
    assertThat(errors(slow)).isEmpty();
    assertThat(slow.effectiveReconcileGrace()).isEqualTo(Duration.ofSeconds(750));
    // One attempt only.
    assertThat(slow.withRouting(new RoutingConfig(1, null, null)).effectiveReconcileGrace())
        .isEqualTo(Duration.ofSeconds(390));
    // A grace configured longer than that is kept.
    assertThat(
            defaults
                .withTracking(new TrackingConfig(null, Duration.ofMinutes(10), null, null))
                .effectiveReconcileGrace())
        .isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void anotherRequestTimeoutKeepsEveryOtherSetting() {
    ClusterConfig paced =
        TestConfigs.cluster(
            "{id: a, masterUrl: 'https://a', namespace: jobs, sparkVersions: ['3.5'], queues:"
                + " [dev], maxSubmitRate: 5, historyServerUrl: 'http://h'}");
    ClusterConfig slower = paced.withRequestTimeout(Duration.ofSeconds(90));
    assertThat(slower.requestTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(slower.maxSubmitRate()).isEqualTo(5.0);
    assertThat(slower.historyServerUrl()).isEqualTo("http://h");
  }
}

package dev.bpg.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole configuration file: Dropwizard's {@code server}, {@code logging} and {@code metrics}
 * sections plus the gateway's own. Unknown keys are refused with their path; cross-field rules are
 * checked by {@link ConfigValidator} when the file is loaded.
 */
public class GatewayConfiguration extends Configuration {
  @JsonProperty private ApiConfig api = ApiConfig.defaults();
  @JsonProperty private AuthConfig auth = AuthConfig.empty();
  @JsonProperty private DatabaseConfig database = DatabaseConfig.defaults();
  @JsonProperty private SparkConfig spark = SparkConfig.empty();
  @JsonProperty private List<ClusterConfig> clusters = List.of();
  @JsonProperty private List<QueueConfig> queues = List.of();
  @JsonProperty private TrackingConfig tracking = TrackingConfig.defaults();
  @JsonProperty private ShutdownConfig shutdown = ShutdownConfig.defaults();
  @JsonProperty private StorageConfig storage = StorageConfig.none();
  @JsonProperty private LogArchiveConfig logArchive = LogArchiveConfig.defaults();
  @JsonProperty private HistoryServerApiConfig historyServerApi = HistoryServerApiConfig.none();
  @JsonProperty private CostConfig cost = CostConfig.none();
  @JsonProperty private RoutingConfig routing = RoutingConfig.defaults();
  @JsonProperty private ConsoleConfig console = ConsoleConfig.defaults();
  @JsonProperty private String replicaId;

  /**
   * This gateway process among the replicas that share the database (it names the submissions it
   * holds QUEUED); when not set, the host name and a random suffix.
   */
  public Optional<String> replicaId() {
    return Optional.ofNullable(replicaId).filter(id -> !id.isBlank());
  }

  public GatewayConfiguration withReplicaId(String value) {
    replicaId = value;
    return this;
  }

  public ApiConfig api() {
    return api == null ? ApiConfig.defaults() : api;
  }

  public AuthConfig auth() {
    return auth == null ? AuthConfig.empty() : auth;
  }

  public DatabaseConfig database() {
    return database == null ? DatabaseConfig.defaults() : database;
  }

  public SparkConfig spark() {
    return spark == null ? SparkConfig.empty() : spark;
  }

  public List<ClusterConfig> clusters() {
    return clusters == null ? List.of() : clusters;
  }

  public List<QueueConfig> queues() {
    return queues == null ? List.of() : queues;
  }

  public TrackingConfig tracking() {
    return tracking == null ? TrackingConfig.defaults() : tracking;
  }

  public StorageConfig storage() {
    return storage == null ? StorageConfig.none() : storage;
  }

  public GatewayConfiguration withStorage(StorageConfig value) {
    storage = value == null ? StorageConfig.none() : value;
    return this;
  }

  public LogArchiveConfig logArchive() {
    return logArchive == null ? LogArchiveConfig.defaults() : logArchive;
  }

  public GatewayConfiguration withLogArchive(LogArchiveConfig value) {
    logArchive = value == null ? LogArchiveConfig.defaults() : value;
    return this;
  }

  public HistoryServerApiConfig historyServerApi() {
    return historyServerApi == null ? HistoryServerApiConfig.none() : historyServerApi;
  }

  public GatewayConfiguration withHistoryServerApi(HistoryServerApiConfig value) {
    historyServerApi = value == null ? HistoryServerApiConfig.none() : value;
    return this;
  }

  /**
   * Whether ended pods' logs are archived: a storage bucket is configured and the archive is on.
   */
  public boolean archivesLogs() {
    return storage().enabled() && logArchive().enabled();
  }

  /**
   * The Spark configuration submissions get: with the log archive, executor pods are kept after the
   * driver ends (unless configured otherwise) so that their logs can be copied.
   */
  public SparkConfig submissionSpark() {
    if (archivesLogs() && logArchive().keepExecutorPods()) {
      return spark().withDefault("spark.kubernetes.executor.deleteOnTermination", "false");
    }
    return spark();
  }

  public ShutdownConfig shutdown() {
    return shutdown == null ? ShutdownConfig.defaults() : shutdown;
  }

  public GatewayConfiguration withShutdown(ShutdownConfig value) {
    shutdown = value == null ? ShutdownConfig.defaults() : value;
    return this;
  }

  public ConsoleConfig console() {
    return console == null ? ConsoleConfig.defaults() : console;
  }

  public GatewayConfiguration withConsole(ConsoleConfig value) {
    console = value == null ? ConsoleConfig.defaults() : value;
    return this;
  }

  public RoutingConfig routing() {
    return routing == null ? RoutingConfig.defaults() : routing;
  }

  public GatewayConfiguration withRouting(RoutingConfig value) {
    routing = value == null ? RoutingConfig.defaults() : value;
    return this;
  }

  public CostConfig cost() {
    return cost == null ? CostConfig.none() : cost;
  }

  public GatewayConfiguration withCost(CostConfig value) {
    cost = value == null ? CostConfig.none() : value;
    return this;
  }

  public GatewayConfiguration withTracking(TrackingConfig value) {
    tracking = value == null ? TrackingConfig.defaults() : value;
    return this;
  }

  public GatewayConfiguration withApi(ApiConfig value) {
    api = value == null ? ApiConfig.defaults() : value;
    return this;
  }

  public GatewayConfiguration withAuth(AuthConfig value) {
    auth = value == null ? AuthConfig.empty() : value;
    return this;
  }

  public GatewayConfiguration withDatabase(DatabaseConfig value) {
    database = value == null ? DatabaseConfig.defaults() : value;
    return this;
  }

  public GatewayConfiguration withSpark(SparkConfig value) {
    spark = value == null ? SparkConfig.empty() : value;
    return this;
  }

  /**
   * How long a submission's state must have stood still before the reconciliation may close it:
   * {@code tracking.reconcileGrace}, unless a submission's creates can take longer ({@code
   * min(routing.maxAttempts, clusters)} times the longest {@code requestTimeout}), in which case
   * that time plus 10 seconds, so that a create still in flight is never taken for one that never
   * happened.
   */
  public Duration effectiveReconcileGrace() {
    // Past the dispatch lease, with room for a client's retry to create what a dead replica
    // recorded and never created, before the reconciliation closes it.
    Duration floor = dispatchLease().plusSeconds(20);
    Duration grace = tracking().reconcileGrace();
    return grace.compareTo(floor) > 0 ? grace : floor;
  }

  /**
   * The longest a dispatch can take: each cluster it may try, its create and the question whether a
   * create that went unanswered landed, plus a margin. An idempotent replay leaves a submission
   * alone this long after its dispatch began.
   */
  public Duration dispatchLease() {
    Duration longest =
        clusters().stream()
            .map(ClusterConfig::requestTimeout)
            .filter(Objects::nonNull)
            .max(Comparator.naturalOrder())
            .orElse(Duration.ZERO);
    int attempts = Math.max(1, Math.min(routing().maxAttempts(), clusters().size()));
    return longest.multipliedBy(2L * attempts).plusSeconds(10);
  }

  /** Every cluster with this {@code requestTimeout}. */
  public GatewayConfiguration withClusterRequestTimeout(Duration value) {
    return withClusters(clusters().stream().map(c -> c.withRequestTimeout(value)).toList());
  }

  public GatewayConfiguration withClusters(List<ClusterConfig> value) {
    clusters = value == null ? List.of() : List.copyOf(value);
    return this;
  }

  public GatewayConfiguration withQueues(List<QueueConfig> value) {
    queues = value == null ? List.of() : List.copyOf(value);
    return this;
  }
}

package dev.bpg.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a configuration file of Apple's Batch Processing Gateway into this gateway's format. The
 * server reads such a file directly (it recognises the {@code sparkClusters} key) and {@code ./bpg
 * convert-config} writes the converted file with these notes on top.
 *
 * <p>What has no counterpart is either dropped with a note (settings of features this gateway does
 * differently, such as the status cache) or refused with an error (settings whose loss would weaken
 * security, such as queue tokens). This gateway's own {@code api}, {@code auth} and {@code
 * database} sections may be added to a reference-format file, and win over what is converted.
 */
public final class BpgConfigConverter {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> DROPWIZARD_SECTIONS =
      Set.of("server", "logging", "metrics", "health", "admin");
  private static final Map<String, String> DROPPED_TOP_LEVEL =
      Map.ofEntries(
          Map.entry(
              "statusCacheExpireMillis", "status is read from informers, no cache TTL is needed"),
          Map.entry("sparkLogIndex", "unused by the reference gateway too"),
          Map.entry("batchFileLimit", "unused by the reference gateway too"),
          Map.entry("gatewayDns", "unused by the reference gateway too"),
          Map.entry("eksCluster", "unused by the reference gateway too"));

  private final List<String> notes = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();
  private final Map<String, String> environment;

  private BpgConfigConverter(Map<String, String> environment) {
    this.environment = environment;
  }

  /** Whether a parsed file is in the reference gateway's format rather than this gateway's. */
  public static boolean isBpgFormat(JsonNode root) {
    return root != null && root.isObject() && root.has("sparkClusters");
  }

  /**
   * Converts a parsed reference-format file; never throws for bad content, it reports errors.
   * References to environment variables ({@code localhost:env:NAME}) become {@code ${NAME}} when
   * {@code environment} is empty (for a file to write), or their values when it is given (for a
   * file read by the server, whose own substitution has already run).
   */
  public static Result convert(JsonNode root, Optional<Map<String, String>> environment) {
    BpgConfigConverter converter = new BpgConfigConverter(environment.orElse(null));
    ObjectNode out = converter.convertRoot(root);
    return new Result(out, List.copyOf(converter.notes), List.copyOf(converter.errors));
  }

  /** The converted tree, notes on what changed in meaning, and errors that stop the conversion. */
  public record Result(ObjectNode config, List<String> notes, List<String> errors) {}

  private ObjectNode convertRoot(JsonNode root) {
    ObjectNode out = NODES.objectNode();
    ObjectNode api = NODES.objectNode();
    ObjectNode auth = NODES.objectNode();
    ObjectNode spark = NODES.objectNode();
    ObjectNode cost = NODES.objectNode();
    ObjectNode storage = NODES.objectNode();
    ObjectNode logArchive = NODES.objectNode();
    ObjectNode historyServerApi = NODES.objectNode();
    ObjectNode database = null;
    Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = field.getKey();
      JsonNode value = field.getValue();
      switch (key) {
        case "applicationContextPath" -> api.set("contextPath", value);
        case "defaultSparkConf" -> spark.set("defaultSparkConf", value);
        case "fixedSparkConf" -> spark.set("fixedSparkConf", value);
        case "sparkImages" -> spark.set("images", value);
        case "sparkClusters" -> out.set("clusters", convertClusters(value));
        case "queues" -> out.set("queues", BpgQueueConverter.convert(value, errors));
        case "allowedUsers", "blockedUsers", "adminUsers" -> auth.set(key, value);
        case "dbStorageSOPS" -> database = convertDatabase(value);
        case "memoryMbSecondCost" -> cost.set("memoryMbSecond", value);
        case "vCoreSecondCost" -> cost.set("vCoreSecond", value);
        case "queueTokenSOPS" -> auth.set("queueTokenSecrets", convertTokenSecrets(value));
        case "s3Bucket" -> convertBucket(value, storage);
        case "s3Folder" -> storage.set("prefix", value);
        case "sparkLogS3Bucket" -> {
          logArchive.put("bucket", value.asText("").replaceFirst("^s3a?://", ""));
          logArchive.put("fluentBitIndex", true);
          notes.add(
              "sparkLogS3Bucket: this gateway archives ended pods' logs itself, to"
                  + " logArchive.bucket (of the storage section's store); the logs Fluent Bit"
                  + " shipped there stay readable through the logindex table"
                  + " (logArchive.fluentBitIndex)");
        }
        case "sparkHistoryUrl" -> historyServerApi.set("url", value);
        case "sparkHistoryDns" -> historyServerApi.set("host", value);
        case "api",
            "auth",
            "database",
            "spark",
            "cost",
            "storage",
            "logArchive",
            "historyServerApi" -> {
          // This gateway's own sections, added by hand to a reference-format file.
        }
        default -> {
          if (DROPWIZARD_SECTIONS.contains(key)) {
            out.set(key, value);
          } else if (DROPPED_TOP_LEVEL.containsKey(key)) {
            notes.add(key + ": dropped; " + DROPPED_TOP_LEVEL.get(key));
          } else {
            errors.add(key + ": unknown key of the reference configuration format");
          }
        }
      }
    }
    mergeInto(api, root.get("api"));
    mergeInto(auth, root.get("auth"));
    if (!auth.has("users") && !auth.has("trustedUserHeader")) {
      notes.add(
          "auth.users: the reference gateway checked no passwords; add users with password hashes"
              + " (./bpg hash-password), or set auth.trustedUserHeader: User-Account when a proxy"
              + " in front of the gateway authenticates callers");
    }
    mergeInto(spark, root.get("spark"));
    if (root.has("database")) {
      database = database == null ? NODES.objectNode() : database;
      mergeInto(database, root.get("database"));
    }
    putIfNotEmpty(out, "api", api);
    putIfNotEmpty(out, "auth", auth);
    putIfNotEmpty(out, "spark", spark);
    mergeInto(cost, root.get("cost"));
    putIfNotEmpty(out, "cost", cost);
    mergeInto(storage, root.get("storage"));
    putIfNotEmpty(out, "storage", storage);
    mergeInto(logArchive, root.get("logArchive"));
    putIfNotEmpty(out, "logArchive", logArchive);
    linkHistory(root, out);
    mergeInto(historyServerApi, root.get("historyServerApi"));
    putIfNotEmpty(out, "historyServerApi", historyServerApi);
    if (database != null) {
      out.set("database", database);
    }
    return out;
  }

  /**
   * The reference gateway linked finished runs to {@code
   * https://<sparkHistoryDns>/history/<appId>}: each cluster without a link of its own gets that
   * template.
   */
  private void linkHistory(JsonNode root, ObjectNode out) {
    String dns = root.path("sparkHistoryDns").asText("").strip();
    if (dns.isEmpty() || !out.path("clusters").isArray()) {
      return;
    }
    for (JsonNode cluster : out.get("clusters")) {
      if (!cluster.has("historyServerUrl")) {
        ((ObjectNode) cluster).put("historyServerUrl", "https://" + dns + "/history/{appId}");
      }
    }
    notes.add(
        "sparkHistoryDns: finished runs link to https://"
            + dns
            + "/history/{appId} (clusters[].historyServerUrl), and it is the Host header of"
            + " historyServerApi");
  }

  /**
   * The upload bucket; the reference gateway signed for us-west-2 whatever the bucket's region, so
   * that region is kept unless the file's own storage section says otherwise.
   */
  private void convertBucket(JsonNode value, ObjectNode storage) {
    String bucket = value.asText("");
    if (bucket.startsWith("gs://")) {
      errors.add("s3Bucket: Google Cloud Storage buckets (gs://) are not supported; use S3");
      return;
    }
    storage.put("bucket", bucket.startsWith("s3://") ? bucket.substring(5) : bucket);
    storage.put("region", "us-west-2");
    notes.add(
        "s3Bucket: uploads go to storage.bucket with region us-west-2, as the reference gateway"
            + " signed; set storage.region to the bucket's own region");
  }

  private static void mergeInto(ObjectNode target, JsonNode overrides) {
    if (overrides != null && overrides.isObject()) {
      overrides.fields().forEachRemaining(e -> target.set(e.getKey(), e.getValue()));
    }
  }

  private static void putIfNotEmpty(ObjectNode out, String key, ObjectNode section) {
    if (!section.isEmpty()) {
      out.set(key, section);
    }
  }

  private ArrayNode convertClusters(JsonNode clusters) {
    ArrayNode out = NODES.arrayNode();
    if (!clusters.isArray()) {
      errors.add("sparkClusters: must be a list");
      return out;
    }
    for (int i = 0; i < clusters.size(); i++) {
      out.add(convertCluster(clusters.get(i), "sparkClusters[" + i + "]"));
    }
    return out;
  }

  private ObjectNode convertCluster(JsonNode cluster, String at) {
    ObjectNode out = NODES.objectNode();
    Iterator<Map.Entry<String, JsonNode>> fields = cluster.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode value = field.getValue();
      switch (field.getKey()) {
        case "id",
            "weight",
            "masterUrl",
            "userName",
            "sparkVersions",
            "queues",
            "batchScheduler",
            "sparkUIUrl",
            "sparkConf",
            "sparkUIOptions",
            "volumes",
            "httpProxy",
            "httpsProxy",
            "eksCluster" ->
            out.set(field.getKey(), value);
        case "driver", "executor" ->
            out.set(field.getKey(), podTemplate(value, at + "." + field.getKey()));
        case "caCertDataSOPS" ->
            out.put("caCertData", secretValue(value.asText(), at + ".caCertDataSOPS"));
        case "userTokenSOPS" ->
            out.put("token", secretValue(value.asText(), at + ".userTokenSOPS"));
        case "sparkApplicationNamespace" -> out.set("namespace", value);
        case "sparkServiceAccount" -> out.set("serviceAccount", value);
        case "ttlSeconds" ->
            BpgQueueConverter.wholeNumber(value, at + ".ttlSeconds", errors)
                .ifPresent(n -> out.put("ttl", n + "s"));
        case "timeoutMillis" ->
            BpgQueueConverter.wholeNumber(value, at + ".timeoutMillis", errors)
                .ifPresent(n -> out.put("requestTimeout", n + "ms"));
        default ->
            errors.add(at + "." + field.getKey() + ": unknown key of a reference cluster entry");
      }
    }
    if (!cluster.has("weight")) {
      // The reference's weight is a Java int: absent means 0, a cluster only reachable by
      // clusterId.
      out.put("weight", 0);
      notes.add(
          at
              + ".weight: absent, which the reference gateway read as 0: the cluster is not routed"
              + " to");
    }
    return out;
  }

  private ObjectNode podTemplate(JsonNode template, String at) {
    ObjectNode out = NODES.objectNode();
    template
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getKey().equals("env") || e.getKey().equals("volumeMounts")) {
                out.set(e.getKey(), e.getValue());
              } else {
                notes.add(
                    at
                        + "."
                        + e.getKey()
                        + ": dropped; the reference gateway used only env and volumeMounts");
              }
            });
    return out;
  }

  private ObjectNode convertDatabase(JsonNode db) {
    ObjectNode out = NODES.objectNode();
    String url = db.path("connectionString").asText("");
    if (url.isBlank()) {
      notes.add(
          "dbStorageSOPS.connectionString: empty; the reference gateway then kept no history,"
              + " this gateway uses its embedded H2 database instead");
      return out;
    }
    out.put("url", url);
    if (db.hasNonNull("user")) {
      out.put("user", db.get("user").asText());
    }
    if (db.hasNonNull("password")) {
      out.put("password", secretValue(db.get("password").asText(), "dbStorageSOPS.password"));
    }
    if (db.hasNonNull("dbName")) {
      notes.add(
          "dbStorageSOPS.dbName: the tables are created in the database named by the JDBC URL");
    }
    return out;
  }

  /** {@code queueTokenSOPS: {secrets: [...]}}: each secret may be an encoded reference. */
  private ArrayNode convertTokenSecrets(JsonNode value) {
    ArrayNode out = NODES.arrayNode();
    JsonNode secrets = value.get("secrets");
    if (secrets == null || !secrets.isArray()) {
      errors.add("queueTokenSOPS.secrets: must be a list of secrets");
      return out;
    }
    for (int i = 0; i < secrets.size(); i++) {
      out.add(secretValue(secrets.get(i).asText(), "queueTokenSOPS.secrets[" + i + "]"));
    }
    return out;
  }

  /** Reads the reference's encoded secret references: plaintext:, localhost:env:, k8s:secret:. */
  private String secretValue(String encoded, String at) {
    if (encoded.startsWith("plaintext:")) {
      return encoded.substring("plaintext:".length());
    }
    if (encoded.startsWith("localhost:env:")) {
      String name = encoded.substring("localhost:env:".length());
      if (environment == null) {
        return "${" + name + "}";
      }
      String value = environment.get(name);
      if (value == null) {
        errors.add(at + ": environment variable " + name + " is not set");
        return "";
      }
      return value;
    }
    if (encoded.startsWith("k8s:secret:")) {
      errors.add(
          at
              + ": k8s:secret: references are not supported; pass the value through an"
              + " environment variable (${NAME}) instead");
      return "";
    }
    return encoded;
  }
}

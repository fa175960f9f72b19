package dev.bpg.bench;

import java.net.http.HttpResponse;

/**
 * What the bench sends: the request its clients submit, and the SparkApplication of the ceiling.
 */
final class BenchCalls {
  static final String USER = "bench";
  static final String NAMESPACE = "spark-jobs";
  static final String API =
      "/apis/sparkoperator.k8s.io/v1beta2/namespaces/" + NAMESPACE + "/sparkapplications";

  private BenchCalls() {}

  /** The request the clients submit: the AWS blog's SparkPi. */
  static String request() {
    return """
    {"applicationName": "SparkPiBench", "queue": "dev", "sparkVersion": "3.5.0",
     "mainApplicationFile": "local:///usr/lib/spark/examples/jars/spark-examples.jar",
     "mainClass": "org.apache.spark.examples.SparkPi", "arguments": ["1000"],
     "driver": {"cores": 1, "memory": "2g", "serviceAccount": "spark", "labels": {"version": "3.5.0"}},
     "executor": {"instances": 2, "cores": 1, "memory": "2g", "labels": {"version": "3.5.0"}}}
    """;
  }

  /** A SparkApplication like the one the gateway creates for {@link #request()}. */
  static String manifest(String name, String owner) {
    String annotations =
        owner == null
            ? ""
            : ", \"annotations\": {\"bpg.dev/owner\": \""
                + owner
                + "\", \"bpg.dev/submitted-by\": \""
                + owner
                + "\", \"bpg.dev/queue\": \"dev\"}";
    return """
    {"apiVersion": "sparkoperator.k8s.io/v1beta2", "kind": "SparkApplication",
     "metadata": {"name": "%s", "namespace": "%s",
       "labels": {"proxyUser": "bench", "submittedBy": "bench", "applicationName": "SparkPiBench",
                  "queue": "root.dev", "maxRunningMillis": "43200000"}%s},
     "spec": {"type": "Java", "sparkVersion": "3.5.0", "mode": "cluster", "image": "apache/spark:3.5.0",
       "mainClass": "org.apache.spark.examples.SparkPi",
       "mainApplicationFile": "local:///usr/lib/spark/examples/jars/spark-examples.jar",
       "arguments": ["1000"], "sparkConf": {"spark.app.name": "SparkPiBench"},
       "driver": {"cores": 1, "coreLimit": "1000m", "memory": "2g", "serviceAccount": "spark",
         "labels": {"version": "3.5.0"},
         "annotations": {"cluster-autoscaler.kubernetes.io/safe-to-evict": "false"},
         "affinity": {"nodeAffinity": {}}},
       "executor": {"cores": 1, "coreLimit": "1000m", "memory": "2g", "instances": 2,
         "labels": {"version": "3.5.0"},
         "annotations": {"cluster-autoscaler.kubernetes.io/safe-to-evict": "false"},
         "affinity": {"nodeAffinity": {}}, "dnsConfig": {"options": [{"name": "ndots", "value": "1"}]}}}}
    """
        .formatted(name, NAMESPACE, annotations);
  }

  static boolean created(HttpResponse<String> response) {
    return response.statusCode() == 200 || response.statusCode() == 201;
  }

  static boolean ok(HttpResponse<String> response) {
    return response.statusCode() == 200;
  }

  static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}

package dev.bpg.local;

import java.util.Map;
import java.util.Optional;

/**
 * The discovery documents of a local API server, so that {@code kubectl} can map resource names to
 * paths. The fabric8 CRUD dispatcher answers {@code /api} and {@code /apis} with a list of stored
 * objects instead, which makes kubectl fail with "the server doesn't have a resource type". Only
 * what a local cluster serves is listed.
 */
final class DiscoveryDocuments {

  private static final String ALL_VERBS =
      "[\"create\",\"delete\",\"deletecollection\",\"get\",\"list\",\"patch\",\"update\",\"watch\"]";
  private static final String STATUS_VERBS = "[\"get\",\"patch\",\"update\"]";

  private static final String VERSION =
      """
      {"major":"1","minor":"32","gitVersion":"v1.32.0-bpg-local","gitCommit":"0000000000000000000000000000000000000000",\
      "gitTreeState":"clean","buildDate":"2026-01-01T00:00:00Z","goVersion":"go1.23.0","compiler":"gc",\
      "platform":"linux/amd64"}\
      """;

  private static final String CORE_VERSIONS =
      """
      {"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[]}\
      """;

  private static final String CORE_V1 =
      """
      {"kind":"APIResourceList","groupVersion":"v1","resources":[\
      {"name":"configmaps","singularName":"configmap","namespaced":true,"kind":"ConfigMap","verbs":%1$s,\
      "shortNames":["cm"]},\
      {"name":"events","singularName":"event","namespaced":true,"kind":"Event","verbs":%1$s,"shortNames":["ev"]},\
      {"name":"namespaces","singularName":"namespace","namespaced":false,"kind":"Namespace",\
      "verbs":["create","delete","get","list","patch","update","watch"],"shortNames":["ns"]},\
      {"name":"namespaces/status","singularName":"","namespaced":false,"kind":"Namespace","verbs":%2$s},\
      {"name":"pods","singularName":"pod","namespaced":true,"kind":"Pod","verbs":%1$s,"shortNames":["po"],\
      "categories":["all"]},\
      {"name":"pods/log","singularName":"","namespaced":true,"kind":"Pod","verbs":["get"]},\
      {"name":"pods/status","singularName":"","namespaced":true,"kind":"Pod","verbs":%2$s},\
      {"name":"secrets","singularName":"secret","namespaced":true,"kind":"Secret","verbs":%1$s},\
      {"name":"services","singularName":"service","namespaced":true,"kind":"Service","verbs":%1$s,\
      "shortNames":["svc"],"categories":["all"]}]}\
      """
          .formatted(ALL_VERBS, STATUS_VERBS);

  private static final String SPARK_GROUP =
      """
      {"name":"sparkoperator.k8s.io","versions":[{"groupVersion":"sparkoperator.k8s.io/v1beta2","version":"v1beta2"}],\
      "preferredVersion":{"groupVersion":"sparkoperator.k8s.io/v1beta2","version":"v1beta2"}}\
      """;

  private static final String APIEXTENSIONS_GROUP =
      """
      {"name":"apiextensions.k8s.io","versions":[{"groupVersion":"apiextensions.k8s.io/v1","version":"v1"}],\
      "preferredVersion":{"groupVersion":"apiextensions.k8s.io/v1","version":"v1"}}\
      """;

  private static final String GROUPS =
      """
      {"kind":"APIGroupList","apiVersion":"v1","groups":[%s,%s]}\
      """
          .formatted(APIEXTENSIONS_GROUP, SPARK_GROUP);

  private static final String SPARK_V1BETA2 =
      """
      {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"sparkoperator.k8s.io/v1beta2","resources":[\
      {"name":"sparkapplications","singularName":"sparkapplication","namespaced":true,"kind":"SparkApplication",\
      "verbs":%1$s,"shortNames":["sparkapp"],"categories":["all"]},\
      {"name":"sparkapplications/status","singularName":"","namespaced":true,"kind":"SparkApplication",\
      "verbs":%2$s}]}\
      """
          .formatted(ALL_VERBS, STATUS_VERBS);

  private static final String APIEXTENSIONS_V1 =
      """
      {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"apiextensions.k8s.io/v1","resources":[\
      {"name":"customresourcedefinitions","singularName":"customresourcedefinition","namespaced":false,\
      "kind":"CustomResourceDefinition","verbs":%1$s,"shortNames":["crd","crds"]},\
      {"name":"customresourcedefinitions/status","singularName":"","namespaced":false,\
      "kind":"CustomResourceDefinition","verbs":%2$s}]}\
      """
          .formatted(ALL_VERBS, STATUS_VERBS);

  private static final Map<String, String> BY_PATH =
      Map.of(
          "/version", VERSION,
          "/api", CORE_VERSIONS,
          "/api/v1", CORE_V1,
          "/apis", GROUPS,
          "/apis/sparkoperator.k8s.io",
              "{\"kind\":\"APIGroup\",\"apiVersion\":\"v1\"," + SPARK_GROUP.substring(1),
          "/apis/sparkoperator.k8s.io/v1beta2", SPARK_V1BETA2,
          "/apis/apiextensions.k8s.io",
              "{\"kind\":\"APIGroup\",\"apiVersion\":\"v1\"," + APIEXTENSIONS_GROUP.substring(1),
          "/apis/apiextensions.k8s.io/v1", APIEXTENSIONS_V1);

  private DiscoveryDocuments() {}

  /** The JSON document served at a path (without query string), if it is a discovery path. */
  static Optional<String> forPath(String path) {
    String normalized =
        path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return Optional.ofNullable(BY_PATH.get(normalized));
  }
}

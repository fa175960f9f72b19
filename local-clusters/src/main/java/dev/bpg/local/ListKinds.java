package dev.bpg.local;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives the lists of a local API server their proper kind. The CRUD dispatcher answers every
 * collection GET with {@code "kind":"List"}; a real API server says {@code PodList}, {@code
 * EventList}, {@code SparkApplicationList}, and client-go's typed clients (kubectl describe's event
 * search among them) find no items in a plain List.
 */
final class ListKinds {

  // The start of every list the dispatcher composes (KubernetesResponseComposer).
  private static final byte[] DISPATCHER_LIST_PREFIX =
      "{\"apiVersion\":\"v1\",\"kind\":\"List\",".getBytes(UTF_8);
  private static final Pattern CORE_COLLECTION =
      Pattern.compile("/api/(v1)(?:/namespaces/[^/]+)?/([^/]+)/?");
  private static final Pattern GROUP_COLLECTION =
      Pattern.compile("/apis/([^/]+)/([^/]+)(?:/namespaces/[^/]+)?/([^/]+)/?");
  private static final Map<String, String> CORE_KINDS =
      Map.of(
          "configmaps", "ConfigMap",
          "events", "Event",
          "namespaces", "Namespace",
          "pods", "Pod",
          "secrets", "Secret",
          "services", "Service");
  private static final Map<String, String> GROUP_KINDS =
      Map.of(
          SparkApplicationResource.GROUP + "/" + SparkApplicationResource.PLURAL,
          SparkApplicationResource.KIND,
          "apiextensions.k8s.io/customresourcedefinitions",
          "CustomResourceDefinition");

  private ListKinds() {}

  /**
   * The body with its list kind and apiVersion set, if it is a dispatcher list of a known resource
   * at that path.
   */
  static byte[] retype(String path, byte[] body) {
    if (!startsWith(body, DISPATCHER_LIST_PREFIX)) {
      return body;
    }
    String apiVersion;
    String kind;
    Matcher core = CORE_COLLECTION.matcher(path);
    Matcher group = GROUP_COLLECTION.matcher(path);
    if (core.matches()) {
      apiVersion = core.group(1);
      kind = CORE_KINDS.get(core.group(2));
    } else if (group.matches()) {
      apiVersion = group.group(1) + "/" + group.group(2);
      kind = GROUP_KINDS.get(group.group(1) + "/" + group.group(3));
    } else {
      return body;
    }
    if (kind == null) {
      return body;
    }
    byte[] prefix =
        ("{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"" + kind + "List\",").getBytes(UTF_8);
    byte[] retyped =
        Arrays.copyOf(prefix, prefix.length + body.length - DISPATCHER_LIST_PREFIX.length);
    System.arraycopy(
        body,
        DISPATCHER_LIST_PREFIX.length,
        retyped,
        prefix.length,
        body.length - DISPATCHER_LIST_PREFIX.length);
    return retyped;
  }

  private static boolean startsWith(byte[] body, byte[] prefix) {
    return body.length >= prefix.length
        && Arrays.equals(body, 0, prefix.length, prefix, 0, prefix.length);
  }
}

package dev.bpg.submission.policy;

import dev.bpg.config.ClusterConfig;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.submission.model.EnvVar;
import dev.bpg.submission.model.Quantities;
import dev.bpg.submission.model.SecurityContext;
import dev.bpg.submission.model.SparkPodSpec;
import dev.bpg.submission.model.SubmitApplicationRequest;
import dev.bpg.submission.model.Volume;
import dev.bpg.submission.model.VolumeMount;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a request may put on a cluster, checked before anything is recorded or created: the Spark
 * settings it may set, and for the driver and the executors the service account, security context,
 * per-pod resources, volumes and mounts, environment sources, and labels and annotations. A key or
 * value Kubernetes would not take is a 400; what the policy does not allow is a 403 that names the
 * field and the rule. The platform's own settings (cluster volumes, env, conf) are not limited.
 */
public final class RequestPolicy {
  /** Airflow's labels, which the gateway normalizes into valid label values itself. */
  private static final Set<String> NORMALIZED_LABELS = Set.of("dag_name", "task_name");

  private static final long MAX_ANNOTATION_BYTES = 256 * 1024;

  private RequestPolicy() {}

  /** Refuses the request, naming the field and the rule, unless the policy allows all of it. */
  public static void check(
      SubmitApplicationRequest request, ClusterConfig cluster, PodPolicy policy) {
    if (request.sparkConf() != null) {
      request
          .sparkConf()
          .keySet()
          .forEach(
              key -> {
                String problem = SparkConfRules.problem(key, policy.sparkConfKeys());
                if (problem != null) {
                  throw refused("sparkConf." + key, problem);
                }
              });
    }
    Set<String> volumeNames = new HashSet<>();
    cluster.volumes().forEach(v -> volumeNames.add(v.name()));
    List<Volume> volumes = request.volumes() == null ? List.of() : request.volumes();
    for (int i = 0; i < volumes.size(); i++) {
      checkVolume(volumes.get(i), "volumes[" + i + "]", cluster, policy);
      volumeNames.add(volumes.get(i).name());
    }
    checkPod(request.driver(), "driver", cluster, policy, volumeNames);
    checkPod(request.executor(), "executor", cluster, policy, volumeNames);
  }

  private static void checkVolume(
      Volume volume, String field, ClusterConfig cluster, PodPolicy policy) {
    if (cluster.volumes().contains(volume)) {
      return;
    }
    if (volume.hostPath() != null) {
      requireType("hostPath", field, policy);
      String path = volume.hostPath().path();
      if (path == null || !path.startsWith("/")) {
        throw GatewayException.invalidField(field + ".hostPath.path", "must be an absolute path");
      }
      Path normalized = Path.of(path).normalize();
      boolean allowed =
          policy.hostPathPrefixes().stream()
              .anyMatch(prefix -> normalized.startsWith(Path.of(prefix).normalize()));
      if (!allowed) {
        throw refused(
            field + ".hostPath.path",
            "'"
                + path
                + "' is under none of the host paths the policy allows "
                + policy.hostPathPrefixes()
                + " (policy.hostPathPrefixes)");
      }
    } else if (volume.configMap() != null) {
      requireType("configMap", field, policy);
      requireListed(
          volume.configMap().name(), policy.configMaps(), field + ".configMap.name", "configMaps");
    } else if (volume.emptyDir() != null) {
      requireType("emptyDir", field, policy);
    } else {
      throw refused(
          field,
          "a request's volume must be an emptyDir, a configMap or a hostPath the policy allows;"
              + " other kinds (secrets, claims) come only from the cluster's configuration");
    }
  }

  private static void requireType(String type, String field, PodPolicy policy) {
    if (!policy.volumeTypes().contains(type)) {
      throw refused(
          field + "." + type,
          "the policy allows a request no "
              + type
              + " volumes (policy.volumeTypes: "
              + policy.volumeTypes().stream().sorted().toList()
              + "); only the cluster's own volumes");
    }
  }

  private static void checkPod(
      SparkPodSpec pod,
      String field,
      ClusterConfig cluster,
      PodPolicy policy,
      Set<String> volumeNames) {
    if (pod == null) {
      return;
    }
    if (pod.serviceAccount() != null && !policy.serviceAccounts().contains(pod.serviceAccount())) {
      throw refused(
          field + ".serviceAccount",
          "'"
              + KubernetesNames.printable(pod.serviceAccount())
              + "' is not a service account a request may use on cluster "
              + cluster.id()
              + "; allowed: "
              + policy.serviceAccounts().stream().sorted().toList()
              + " (policy.serviceAccounts)");
    }
    if (pod.podName() != null) {
      throw refused(field + ".podName", "pod names are the gateway's; a request may not set one");
    }
    if (pod.kubernetesMaster() != null) {
      throw refused(
          field + ".kubernetesMaster", "the master is the cluster's; a request may not set it");
    }
    checkSecurityContext(pod.securityContext(), field + ".securityContext", policy);
    checkResources(pod, field, policy);
    checkEnv(pod.env(), field, policy);
    if (pod.volumeMounts() != null) {
      for (int i = 0; i < pod.volumeMounts().size(); i++) {
        VolumeMount mount = pod.volumeMounts().get(i);
        if (mount == null || mount.name() == null || !volumeNames.contains(mount.name())) {
          throw GatewayException.invalidField(
              field + ".volumeMounts[" + i + "].name",
              "mounts no volume of the request or the cluster");
        }
      }
    }
    checkLabels(pod.labels(), field + ".labels");
    checkAnnotations(pod.annotations(), field + ".annotations");
  }

  private static void checkSecurityContext(
      SecurityContext context, String field, PodPolicy policy) {
    if (context == null) {
      return;
    }
    if (!policy.allowPrivileged()) {
      if (Boolean.TRUE.equals(context.privileged())) {
        throw refused(field + ".privileged", "privileged containers are not allowed");
      }
      if (Boolean.TRUE.equals(context.allowPrivilegeEscalation())) {
        throw refused(field + ".allowPrivilegeEscalation", "privilege escalation is not allowed");
      }
    }
    if (!policy.allowRoot()) {
      if (context.runAsUser() != null && context.runAsUser() == 0) {
        throw refused(field + ".runAsUser", "running as root (0) is not allowed");
      }
      if (context.runAsGroup() != null && context.runAsGroup() == 0) {
        throw refused(field + ".runAsGroup", "running as the root group (0) is not allowed");
      }
    }
  }

  private static void checkResources(SparkPodSpec pod, String field, PodPolicy policy) {
    long maxMillicores = policy.maxCoresPerPod() * 1000L;
    if (pod.cores() != null && pod.cores() > policy.maxCoresPerPod()) {
      throw tooMuch(field + ".cores", pod.cores() + " cores", policy);
    }
    for (String name : List.of("coreLimit", "coreRequest")) {
      String value = name.equals("coreLimit") ? pod.coreLimit() : pod.coreRequest();
      if (value != null && Quantities.parseMillicores(value) > maxMillicores) {
        throw tooMuch(field + "." + name, value, policy);
      }
    }
    double memory =
        (pod.memory() == null ? 0 : Quantities.parseMebibytes(pod.memory()))
            + (pod.memoryOverhead() == null ? 0 : Quantities.parseMebibytes(pod.memoryOverhead()));
    if (memory > Quantities.parseMebibytes(policy.maxMemoryPerPod())) {
      throw tooMuch(field + ".memory", "memory and overhead of " + (long) memory + " MiB", policy);
    }
  }

  private static GatewayException tooMuch(String field, String asked, PodPolicy policy) {
    return refused(
        field,
        asked
            + " is more than one pod may have ("
            + policy.maxCoresPerPod()
            + " cores, "
            + policy.maxMemoryPerPod()
            + " memory: policy.maxCoresPerPod, policy.maxMemoryPerPod)");
  }

  private static void checkEnv(List<EnvVar> env, String field, PodPolicy policy) {
    if (env == null) {
      return;
    }
    for (int i = 0; i < env.size(); i++) {
      Map<String, Object> from = env.get(i).valueFrom();
      if (from == null) {
        continue;
      }
      String at = field + ".env[" + i + "].valueFrom";
      for (Map.Entry<String, Object> source : from.entrySet()) {
        switch (source.getKey()) {
          case "fieldRef", "resourceFieldRef" -> {
            // The pod's own fields and resources: nothing of anyone else's.
          }
          case "secretKeyRef" ->
              requireListed(
                  nameOf(source.getValue()),
                  policy.secrets(),
                  at + ".secretKeyRef.name",
                  "secrets");
          case "configMapKeyRef" ->
              requireListed(
                  nameOf(source.getValue()),
                  policy.configMaps(),
                  at + ".configMapKeyRef.name",
                  "configMaps");
          default ->
              throw GatewayException.invalidField(
                  at + "." + source.getKey(), "is not a source of an environment variable");
        }
      }
    }
  }

  private static String nameOf(Object reference) {
    return reference instanceof Map<?, ?> map && map.get("name") instanceof String name
        ? name
        : null;
  }

  private static void requireListed(String name, Set<String> allowed, String field, String key) {
    if (name == null || !allowed.contains(name)) {
      throw refused(
          field,
          "'"
              + (name == null ? "" : KubernetesNames.printable(name))
              + "' is not one a request may read; allowed: "
              + allowed.stream().sorted().toList()
              + " (policy."
              + key
              + ")");
    }
  }

  private static void checkLabels(Map<String, String> labels, String field) {
    if (labels == null) {
      return;
    }
    labels.forEach(
        (key, value) -> {
          checkKey(key, field);
          if (!NORMALIZED_LABELS.contains(key)) {
            String problem = KubernetesNames.labelValueProblem(value);
            if (problem != null) {
              throw GatewayException.invalidField(field + "." + key, problem);
            }
          }
        });
  }

  private static void checkAnnotations(Map<String, String> annotations, String field) {
    if (annotations == null) {
      return;
    }
    long bytes = 0;
    for (Map.Entry<String, String> entry : annotations.entrySet()) {
      checkKey(entry.getKey(), field);
      bytes += entry.getKey().length() + (entry.getValue() == null ? 0 : entry.getValue().length());
    }
    if (bytes > MAX_ANNOTATION_BYTES) {
      throw GatewayException.invalidField(field, "annotations may hold at most 256 KiB");
    }
  }

  private static void checkKey(String key, String field) {
    String problem = KubernetesNames.keyProblem(key);
    if (problem != null) {
      throw GatewayException.invalidField(field, problem);
    }
    String reserved = KubernetesNames.reservedProblem(key);
    if (reserved != null) {
      throw refused(field + "." + key, reserved);
    }
  }

  private static GatewayException refused(String field, String rule) {
    return new GatewayException(ErrorCode.POLICY_VIOLATION, field + ": " + rule);
  }
}

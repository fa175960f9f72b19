package dev.bpg.submission;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.submission.model.Quantities;
import dev.bpg.submission.model.SparkApplicationManifest;
import dev.bpg.submission.model.SparkApplicationSpec;
import dev.bpg.submission.model.SparkPodSpec;
import dev.bpg.submission.model.SubmitApplicationRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the store keeps of a new submission, and in which form: the request and the spec as JSON
 * without what may be secret (environment variables, the queue token, secret Spark settings), the
 * resources asked for, and the replica that holds it while it is QUEUED. What answers show of a
 * SparkApplication is the same masked form.
 */
public final class SubmissionRecords {
  private final ObjectMapper json;
  private final SecretMasking masking;
  private final String replicaId;

  public SubmissionRecords(ObjectMapper json, SecretMasking masking, String replicaId) {
    this.json = requireNonNull(json, "json is null");
    this.masking = requireNonNull(masking, "masking is null");
    this.replicaId = requireNonNull(replicaId, "replicaId is null");
  }

  /**
   * The record of a submission just routed, in its first state ({@code QUEUED} when held by this
   * replica, else {@code UNKNOWN}) with the routing decision's reason.
   */
  public SubmissionRecord initial(
      SpecInput input,
      SparkApplicationManifest manifest,
      String maskedRequest,
      ApplicationState state,
      String reason,
      String idempotencyKey,
      Instant now) {
    SubmitApplicationRequest request = input.request();
    SparkPodSpec driver = manifest.spec().driver();
    SparkPodSpec executor = manifest.spec().executor();
    Map<String, String> driverLabels = driver.labels() == null ? Map.of() : driver.labels();
    boolean held = state == ApplicationState.QUEUED;
    return SubmissionRecord.builder()
        .submissionId(input.id().value())
        .clusterId(input.cluster().id())
        .namespace(manifest.namespace())
        .owner(input.owner())
        .submittedBy(input.submittedBy())
        .queue(input.queue().name())
        .sparkVersion(request.sparkVersion())
        .applicationName(request.applicationName())
        .applicationType(input.type())
        .mainClass(request.mainClass())
        .arguments(request.arguments())
        .dagName(driverLabels.get("dag_name"))
        .taskName(driverLabels.get("task_name"))
        .driverCores(driver.cores())
        .driverMemoryMb(mebibytes(driver.memory()))
        .executorInstances(executor.instances())
        .executorCores(executor.cores())
        .executorMemoryMb(mebibytes(executor.memory()))
        .maxRunningMillis(input.maxRunningMillis())
        .routingReason(reason)
        .requestJson(maskedRequest)
        .specJson(specJson(manifest))
        .createdAt(now)
        .state(state)
        .stateChangedAt(now)
        .errorMessage(held ? reason : null)
        .idempotencyKey(idempotencyKey)
        .queuedBy(held ? replicaId : null)
        .build();
  }

  /** The spec as stored: environment variables removed, secret settings masked. */
  public String specJson(SparkApplicationManifest manifest) {
    return write(shown(manifest).spec());
  }

  /** The SparkApplication as answers may show it: no environment, secret settings masked. */
  public SparkApplicationManifest shown(SparkApplicationManifest manifest) {
    SparkApplicationSpec spec = manifest.spec().withoutEnv();
    return new SparkApplicationManifest(
        manifest.name(),
        manifest.namespace(),
        manifest.labels(),
        manifest.annotations(),
        spec.withSparkConf(masking.mask(spec.sparkConf())));
  }

  /**
   * The request as stored: environment variables (they may hold secrets) removed, the queue token
   * and secret Spark settings masked.
   */
  public String maskedRequest(SubmitApplicationRequest request) {
    ObjectNode tree = json.valueToTree(request);
    for (String pod : new String[] {"driver", "executor"}) {
      if (tree.get(pod) instanceof ObjectNode node) {
        node.remove("env");
      }
    }
    if (tree.has("queueToken")) {
      tree.put("queueToken", SecretMasking.MASK);
    }
    if (tree.get("sparkConf") instanceof ObjectNode conf) {
      List<String> secret = new ArrayList<>();
      conf.fieldNames()
          .forEachRemaining(
              key -> {
                if (masking.isSecret(key)) {
                  secret.add(key);
                }
              });
      secret.forEach(key -> conf.put(key, SecretMasking.MASK));
    }
    return write(tree);
  }

  /** Whether two stored requests say the same, whatever the order of their fields. */
  public boolean sameRequest(String storedJson, String maskedRequest) {
    try {
      return json.readTree(storedJson).equals(json.readTree(maskedRequest));
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  private static Long mebibytes(String memory) {
    return memory == null ? null : (long) Math.ceil(Quantities.parseMebibytes(memory));
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new GatewayException(ErrorCode.INTERNAL_ERROR, "could not serialize the submission", e);
    }
  }
}

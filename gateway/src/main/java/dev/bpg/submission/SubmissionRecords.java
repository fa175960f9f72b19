package dev.bpg.submission;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.submission.model.Quantities;
import dev.bpg.submission.model.SparkApplicationManifest;
import dev.bpg.submission.model.SparkPodSpec;
import dev.bpg.submission.model.SubmitApplicationRequest;
import java.time.Instant;
import java.util.Map;

/**
 * What the store keeps of a new submission, and in which form: the request and the spec as JSON
 * without what may be secret (environment variables, the queue token), the resources asked for, and
 * the replica that holds it while it is QUEUED.
 */
public final class SubmissionRecords {
  private final ObjectMapper json;
  private final String replicaId;

  public SubmissionRecords(ObjectMapper json, String replicaId) {
    this.json = requireNonNull(json, "json is null");
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

  /** The spec as stored: environment variables removed. */
  public String specJson(SparkApplicationManifest manifest) {
    return write(manifest.spec().withoutEnv());
  }

  /**
   * The request as stored: environment variables (they may hold secrets) and the queue token
   * removed.
   */
  public String maskedRequest(SubmitApplicationRequest request) {
    ObjectNode tree = json.valueToTree(request);
    for (String pod : new String[] {"driver", "executor"}) {
      if (tree.get(pod) instanceof ObjectNode node) {
        node.remove("env");
      }
    }
    if (tree.has("queueToken")) {
      tree.put("queueToken", "***");
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

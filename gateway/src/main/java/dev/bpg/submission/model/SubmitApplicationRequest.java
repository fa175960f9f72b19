package dev.bpg.submission.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /spark}, field for field the reference gateway's request. Unknown
 * top-level fields are refused (the reader is configured to fail on them); nested objects ignore
 * unknown fields. {@code mode}, {@code driverOverheadFactor}, {@code executorOverheadFactor} and
 * {@code overheadFactor} are accepted for compatibility and have no effect, as in the reference.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubmitApplicationRequest(
    String submissionIdSuffix,
    String applicationName,
    String type,
    String mode,
    String image,
    Boolean spotInstance,
    String sparkVersion,
    String mainClass,
    String mainApplicationFile,
    List<String> arguments,
    Map<String, String> sparkConf,
    List<Volume> volumes,
    SparkPodSpec driver,
    SparkPodSpec executor,
    Double driverOverheadFactor,
    Double executorOverheadFactor,
    Double overheadFactor,
    Dependencies deps,
    String pythonVersion,
    String imagePullPolicy,
    RestartPolicy restartPolicy,
    String clusterId,
    String queue,
    @JsonProperty("queueToken") String queueToken) {

  public SubmitApplicationRequest {
    arguments = arguments == null ? null : List.copyOf(arguments);
    sparkConf = sparkConf == null ? null : Map.copyOf(sparkConf);
    volumes = volumes == null ? null : List.copyOf(volumes);
  }

  public boolean isSpotInstance() {
    return Boolean.TRUE.equals(spotInstance);
  }
}

package dev.bpg.submission.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The Spark UI service and ingress settings a cluster passes to the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SparkUiOptions(
    Integer servicePort,
    Map<String, String> ingressAnnotations,
    @JsonProperty("ingressTLS") List<IngressTls> ingressTls) {
  public SparkUiOptions {
    ingressAnnotations = ingressAnnotations == null ? null : Map.copyOf(ingressAnnotations);
    ingressTls = ingressTls == null ? null : List.copyOf(ingressTls);
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record IngressTls(List<String> hosts, String secretName) {}
}

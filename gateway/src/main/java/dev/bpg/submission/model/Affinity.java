package dev.bpg.submission.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Pod affinity, limited to node affinity as in the reference gateway's model. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Affinity(NodeAffinity nodeAffinity) {

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record NodeAffinity(
      @JsonProperty("requiredDuringSchedulingIgnoredDuringExecution") NodeSelector required,
      @JsonProperty("preferredDuringSchedulingIgnoredDuringExecution")
          List<PreferredSchedulingTerm> preferred) {
    public NodeAffinity {
      preferred = preferred == null ? null : List.copyOf(preferred);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record NodeSelector(List<NodeSelectorTerm> nodeSelectorTerms) {
    public NodeSelector {
      nodeSelectorTerms = nodeSelectorTerms == null ? List.of() : List.copyOf(nodeSelectorTerms);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record NodeSelectorTerm(List<NodeSelectorRequirement> matchExpressions) {
    public NodeSelectorTerm {
      matchExpressions = matchExpressions == null ? List.of() : List.copyOf(matchExpressions);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record NodeSelectorRequirement(String key, String operator, List<String> values) {
    public NodeSelectorRequirement {
      values = values == null ? null : List.copyOf(values);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PreferredSchedulingTerm(Integer weight, NodeSelectorTerm preference) {}
}

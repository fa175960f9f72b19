package dev.bpg.submission.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PodDnsConfig(List<String> nameservers, List<String> searches, List<Option> options) {
  public PodDnsConfig {
    nameservers = nameservers == null ? null : List.copyOf(nameservers);
    searches = searches == null ? null : List.copyOf(searches);
    options = options == null ? null : List.copyOf(options);
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Option(String name, String value) {}
}

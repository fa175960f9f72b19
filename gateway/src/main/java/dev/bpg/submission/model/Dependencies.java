package dev.bpg.submission.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Dependencies(
    List<String> jars,
    List<String> files,
    List<String> pyFiles,
    List<String> packages,
    List<String> excludePackages,
    List<String> repositories,
    List<String> archives) {}

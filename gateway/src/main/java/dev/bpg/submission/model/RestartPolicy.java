package dev.bpg.submission.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RestartPolicy(
    String type,
    Integer onSubmissionFailureRetries,
    Integer onFailureRetries,
    Long onSubmissionFailureRetryInterval,
    Long onFailureRetryInterval) {}

package dev.bpg.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The reference gateway's status answer; times are epoch milliseconds, absent fields are unknown.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GetSubmissionStatusResponse(
    Long creationTime,
    String sparkApplicationId,
    Integer executionAttempts,
    Long terminationTime,
    Long duration,
    String applicationState,
    String applicationErrorMessage,
    String sparkUIUrl,
    String historyServerUrl) {}

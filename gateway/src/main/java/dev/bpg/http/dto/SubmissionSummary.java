package dev.bpg.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One element of the submission lists: the status fields plus who, where and how big, as the
 * reference gateway's summary, and the cluster, the submitter and the state times, which it lacks
 * (times are epoch milliseconds).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubmissionSummary(
    String submissionId,
    String user,
    String submittedBy,
    String queue,
    String cluster,
    String dagName,
    String taskName,
    Long creationTime,
    String sparkApplicationId,
    Integer executionAttempts,
    Long terminationTime,
    Long startTime,
    Long stateChangedTime,
    Long duration,
    String applicationState,
    String applicationErrorMessage,
    String sparkUIUrl,
    String historyServerUrl,
    Integer driverCores,
    Double driverMemoryGB,
    Integer executorInstances,
    Integer executorCores,
    Double executorMemoryGB,
    Integer totalCores,
    Double totalMemoryGB,
    String sparkVersion,
    String applicationName,
    List<String> applicationArguments) {}

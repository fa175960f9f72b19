package dev.bpg.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One cluster as the gateway sees it: health and why, routing settings, and load — applications
 * running, submitted but not running, and held by this replica until the cluster has room. Limits
 * and free room are absent when the cluster sets none; so are its submit rate ({@code
 * maxSubmitRate}, creates a second) and this replica's share of it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterSummary(
    String id,
    String health,
    String healthReason,
    Long healthSince,
    int weight,
    List<String> queues,
    List<String> sparkVersions,
    int running,
    int pending,
    int queued,
    Integer maxRunningApplications,
    Integer maxPendingApplications,
    Integer freeRoom,
    Double maxSubmitRate,
    Double submitRateShare) {}

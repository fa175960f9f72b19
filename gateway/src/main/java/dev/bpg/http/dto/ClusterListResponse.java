package dev.bpg.http.dto;

import java.util.List;

public record ClusterListResponse(List<ClusterSummary> clusters) {}

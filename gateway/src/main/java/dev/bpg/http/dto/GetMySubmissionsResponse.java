package dev.bpg.http.dto;

import java.util.List;

public record GetMySubmissionsResponse(List<SubmissionSummary> submissions) {}

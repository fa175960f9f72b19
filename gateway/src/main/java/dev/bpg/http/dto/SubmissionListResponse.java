package dev.bpg.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A page of a history search; {@code nextCursor} is absent on the last page. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubmissionListResponse(List<SubmissionSummary> submissions, String nextCursor) {}

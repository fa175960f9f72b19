package dev.bpg.submission;

import java.util.List;
import java.util.Optional;

/** One page of a history search, and where the next one starts when there is more. */
public record SubmissionPage(List<SubmissionRecord> submissions, Optional<PageCursor> next) {
  public SubmissionPage {
    submissions = List.copyOf(submissions);
  }
}

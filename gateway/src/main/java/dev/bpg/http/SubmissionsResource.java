package dev.bpg.http;

import static java.util.Objects.requireNonNull;

import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.http.dto.SubmissionListResponse;
import dev.bpg.submission.ApplicationState;
import dev.bpg.submission.Caller;
import dev.bpg.submission.PageCursor;
import dev.bpg.submission.SubmissionFilter;
import dev.bpg.submission.SubmissionPage;
import dev.bpg.submission.SubmissionQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The history search, beyond the reference gateway: filters over the database and keyset paging.
 */
@Path("/submissions")
@Tag(name = "History")
public final class SubmissionsResource {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final SubmissionQueries queries;
  private final Views views;

  SubmissionsResource(SubmissionQueries queries, Views views) {
    this.queries = requireNonNull(queries, "queries is null");
    this.views = requireNonNull(views, "views is null");
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Search submissions, newest first; users see their own, admins all",
      description =
          "Pass nextCursor of one page as cursor to get the next. Times are ISO-8601 instants"
              + " or epoch milliseconds; from is inclusive, to exclusive.")
  public SubmissionListResponse search(
      @Context SecurityContext security,
      @Parameter(description = "owner (admins; others may name only themselves)")
          @QueryParam("user")
          String user,
      @Parameter(description = "queue name") @QueryParam("queue") String queue,
      @Parameter(description = "cluster ID") @QueryParam("cluster") String cluster,
      @Parameter(description = "state, such as RUNNING or FAILED") @QueryParam("state")
          String state,
      @Parameter(description = "created at or after") @QueryParam("from") String from,
      @Parameter(description = "created before") @QueryParam("to") String to,
      @Parameter(description = "application name") @QueryParam("name") String name,
      @Parameter(description = "page size, 1 to 1000 (default 100)") @QueryParam("limit")
          Integer limit,
      @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor")
          String cursor) {
    Caller caller = AuthFilter.callerOf(security);
    Optional<String> owner = text(user);
    if (!caller.admin() && owner.isPresent() && !owner.get().equals(caller.name())) {
      throw new GatewayException(
          ErrorCode.FORBIDDEN, "user: only admins may list other users' submissions");
    }
    int size = limit == null ? DEFAULT_LIMIT : limit;
    if (size < 1 || size > MAX_LIMIT) {
      throw GatewayException.invalidField("limit", "must be between 1 and " + MAX_LIMIT);
    }
    SubmissionFilter filter =
        new SubmissionFilter(
            caller.admin() ? Optional.empty() : Optional.of(caller.name()),
            owner,
            text(queue),
            text(cluster),
            text(state).map(SubmissionsResource::state),
            text(from).map(v -> instant(v, "from")),
            text(to).map(v -> instant(v, "to")),
            text(name));
    SubmissionPage page = queries.search(filter, text(cursor).map(PageCursor::decode), size);
    return new SubmissionListResponse(
        page.submissions().stream().map(views::summary).toList(),
        page.next().map(PageCursor::encode).orElse(null));
  }

  private static Optional<String> text(String value) {
    return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
  }

  private static ApplicationState state(String value) {
    try {
      return ApplicationState.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw GatewayException.invalidField(
          "state", "must be one of " + Arrays.toString(ApplicationState.values()));
    }
  }

  private static Instant instant(String value, String field) {
    if (value.chars().allMatch(Character::isDigit)) {
      return Instant.ofEpochMilli(Long.parseLong(value));
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw GatewayException.invalidField(
          field,
          "must be an ISO-8601 instant such as 2026-11-25T10:00:00Z" + " or epoch milliseconds");
    }
  }
}

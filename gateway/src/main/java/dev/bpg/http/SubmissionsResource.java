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
import io.swagger.v3.oas.annotations.media.Schema;
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
public final class SubmissionsResource {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  private static final int MAX_VALUE_LENGTH = 255;

  private final SubmissionQueries queries;
  private final Views views;

  SubmissionsResource(SubmissionQueries queries, Views views) {
    this.queries = requireNonNull(queries, "queries is null");
    this.views = requireNonNull(views, "views is null");
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "searchSubmissions",
      tags = "History",
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
      @Parameter(
              description = "page size, 1 to 1000 (default 100)",
              schema = @Schema(type = "integer", minimum = "1", maximum = "1000"))
          @QueryParam("limit")
          String limit,
      @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor")
          String cursor) {
    Caller caller = AuthFilter.callerOf(security);
    Optional<String> owner = text(user, "user");
    if (!caller.admin() && owner.isPresent() && !owner.get().equals(caller.name())) {
      throw new GatewayException(
          ErrorCode.FORBIDDEN, "user: only admins may list other users' submissions");
    }
    int size = text(limit, "limit").map(SubmissionsResource::pageSize).orElse(DEFAULT_LIMIT);
    SubmissionFilter filter =
        new SubmissionFilter(
            caller.admin() ? Optional.empty() : Optional.of(caller.name()),
            owner,
            text(queue, "queue"),
            text(cluster, "cluster"),
            text(state, "state").map(SubmissionsResource::state),
            text(from, "from").map(v -> instant(v, "from")),
            text(to, "to").map(v -> instant(v, "to")),
            text(name, "name"));
    SubmissionPage page =
        queries.search(filter, text(cursor, "cursor").map(PageCursor::decode), size);
    return new SubmissionListResponse(
        page.submissions().stream().map(views::summary).toList(),
        page.next().map(PageCursor::encode).orElse(null));
  }

  /** A filter's value, bounded like the columns it is compared with. */
  private static Optional<String> text(String value, String field) {
    Optional<String> text = Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    if (text.isPresent() && text.get().length() > MAX_VALUE_LENGTH) {
      throw GatewayException.invalidField(
          field, "must be at most " + MAX_VALUE_LENGTH + " characters");
    }
    return text;
  }

  private static int pageSize(String value) {
    if (!isDigits(value) || value.length() > 4 || Integer.parseInt(value) < 1) {
      throw GatewayException.invalidField("limit", "must be a number from 1 to " + MAX_LIMIT);
    }
    int size = Integer.parseInt(value);
    if (size > MAX_LIMIT) {
      throw GatewayException.invalidField("limit", "must be a number from 1 to " + MAX_LIMIT);
    }
    return size;
  }

  private static boolean isDigits(String value) {
    return !value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9');
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
    if (isDigits(value)) {
      // Up to 15 digits: epoch milliseconds until the year 33658, and never an overflow.
      if (value.length() > 15) {
        throw GatewayException.invalidField(field, "is too large for epoch milliseconds");
      }
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

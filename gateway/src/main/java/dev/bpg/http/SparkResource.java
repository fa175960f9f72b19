package dev.bpg.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.http.dto.DeleteSubmissionResponse;
import dev.bpg.http.dto.DriverInfo;
import dev.bpg.http.dto.DryRunResponse;
import dev.bpg.http.dto.GetMySubmissionsResponse;
import dev.bpg.http.dto.GetSubmissionStatusResponse;
import dev.bpg.http.dto.SubmissionHistoryResponse;
import dev.bpg.http.dto.SubmitApplicationResponse;
import dev.bpg.submission.Caller;
import dev.bpg.submission.ClusterEvent;
import dev.bpg.submission.KillService;
import dev.bpg.submission.SubmissionId;
import dev.bpg.submission.SubmissionQueries;
import dev.bpg.submission.SubmissionRecord;
import dev.bpg.submission.SubmissionService;
import dev.bpg.submission.TrackedApplication;
import dev.bpg.submission.model.SubmitApplicationRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** Submit, read and kill Spark applications: the reference gateway's {@code /spark} endpoints. */
@Path("/spark")
@Produces(MediaType.APPLICATION_JSON)
public final class SparkResource {
  private static final int MY_SUBMISSIONS_LIMIT = 1000;

  private final SubmissionService submissions;
  private final KillService kills;
  private final SubmissionQueries queries;
  private final RequestBodies bodies;
  private final Views views;
  private final ObjectMapper json;
  private final RateLimits limits;
  private final YAMLMapper yaml =
      YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
          .build();

  SparkResource(
      SubmissionService submissions,
      KillService kills,
      SubmissionQueries queries,
      RequestBodies bodies,
      Views views,
      ObjectMapper json,
      RateLimits limits) {
    this.submissions = requireNonNull(submissions, "submissions is null");
    this.kills = requireNonNull(kills, "kills is null");
    this.queries = requireNonNull(queries, "queries is null");
    this.bodies = requireNonNull(bodies, "bodies is null");
    this.views = requireNonNull(views, "views is null");
    this.json = requireNonNull(json, "json is null");
    this.limits = requireNonNull(limits, "limits is null");
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @Operation(
      operationId = "submitApplication",
      tags = "Submission",
      summary = "Submit a Spark application",
      description =
          "The body is a SubmitApplicationRequest in JSON or YAML (by Content-Type; others are"
              + " 415). Answers the submission ID: <clusterId>-<32 hex>[-suffix]. With"
              + " dryRun=true the answer is a DryRunResponse instead (see its schema), and nothing"
              + " is created.",
      responses =
          @ApiResponse(
              responseCode = "200",
              description = "Submitted",
              content =
                  @Content(
                      mediaType = "application/json",
                      schema = @Schema(implementation = SubmitApplicationResponse.class))))
  @RequestBody(
      required = true,
      content = {
        @Content(
            mediaType = "application/json",
            schema = @Schema(implementation = SubmitApplicationRequest.class)),
        @Content(
            mediaType = "application/yaml",
            schema = @Schema(implementation = SubmitApplicationRequest.class)),
        @Content(
            mediaType = "text/yaml",
            schema = @Schema(implementation = SubmitApplicationRequest.class))
      })
  public Object submit(
      @Context SecurityContext security,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      @Parameter(hidden = true) @QueryParam("dagUser") String dagUser,
      @Parameter(
              description =
                  "true: answer what would be created and where, after every check, and record"
                      + " and create nothing")
          @QueryParam("dryRun")
          boolean dryRun,
      @Parameter(
              description =
                  "a key of the caller's choice: a submit repeated with the same key and"
                      + " body answers the first submission's ID and creates nothing")
          @HeaderParam("Idempotency-Key")
          String idempotencyKey,
      @Parameter(hidden = true) InputStream body) {
    limits.submit(caller(security).name());
    boolean yaml = ContentTypes.isYamlSubmission(contentType);
    SubmitApplicationRequest request =
        bodies.parse(bodies.read(body), yaml, SubmitApplicationRequest.class);
    if (dryRun) {
      DryRunResponse preview =
          views.dryRun(
              submissions.preview(request, caller(security), Optional.ofNullable(dagUser)));
      AuditLog.event(
          "dry-run", "answered", "queue", preview.queue(), "clusterId", preview.clusterId());
      return preview;
    }
    Optional<String> key =
        Optional.ofNullable(idempotencyKey).map(String::trim).filter(k -> !k.isEmpty());
    if (key.isPresent() && key.get().length() > 255) {
      throw GatewayException.invalidField("Idempotency-Key", "must be at most 255 characters");
    }
    SubmissionId id =
        submissions.submit(request, caller(security), Optional.ofNullable(dagUser), key);
    AuditLog.event("submit", "accepted", "submissionId", id.value(), "dagUser", dagUser);
    return new SubmitApplicationResponse(id.value());
  }

  @GET
  @Path("/{submissionId}/status")
  @Operation(
      operationId = "getStatus",
      tags = "Examination",
      summary = "The state of a submission: live while it runs, from history afterwards")
  public GetSubmissionStatusResponse status(
      @Context SecurityContext security, @PathParam("submissionId") String submissionId) {
    return views.status(queries.status(submissionId, caller(security)));
  }

  @GET
  @Path("/{submissionId}/driver")
  @Operation(
      operationId = "getDriverInfo",
      tags = "Examination",
      summary = "The driver pod's name and start time; empty when there is no driver pod")
  public DriverInfo driver(
      @Context SecurityContext security, @PathParam("submissionId") String submissionId) {
    return queries
        .driver(submissionId, caller(security))
        .map(pod -> new DriverInfo(pod.name(), Views.epochMillis(pod.startTime())))
        .orElse(new DriverInfo(null, null));
  }

  @GET
  @Path("/{submissionId}/spec")
  @Operation(
      operationId = "getSparkSpec",
      tags = "Examination",
      summary = "The SparkApplication spec as created, without environment variables",
      responses =
          @ApiResponse(
              responseCode = "200",
              description = "The spec",
              content =
                  @Content(mediaType = "application/json", schema = @Schema(type = "object"))))
  public JsonNode spec(
      @Context SecurityContext security, @PathParam("submissionId") String submissionId)
      throws IOException {
    return json.readTree(queries.record(submissionId, caller(security)).specJson());
  }

  @GET
  @Path("/{submissionId}/describe")
  @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.TEXT_PLAIN})
  @Operation(
      operationId = "describe",
      tags = "Examination",
      summary = "The spec as YAML, then the application's and the driver's events",
      responses =
          @ApiResponse(
              responseCode = "200",
              description = "Text",
              content = {
                @Content(
                    mediaType = MediaType.APPLICATION_OCTET_STREAM,
                    schema = @Schema(type = "string")),
                @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = "string"))
              }))
  public String describe(
      @Context SecurityContext security, @PathParam("submissionId") String submissionId)
      throws IOException {
    Caller caller = caller(security);
    SubmissionRecord record = queries.record(submissionId, caller);
    TrackedApplication application = queries.status(submissionId, caller);
    StringBuilder out = new StringBuilder("--- Spark Spec ---\n");
    out.append(yaml.writeValueAsString(json.readTree(record.specJson())));
    SubmissionQueries.Events events;
    try {
      events = queries.events(application);
    } catch (GatewayException e) {
      out.append("--- Spark Application Events ---\n(events unavailable: ")
          .append(e.getMessage())
          .append(")\n");
      return out.toString();
    }
    out.append("--- Spark Application Events ---\n");
    appendEvents(out, events.application());
    out.append("--- Spark Driver Events ---\n");
    appendEvents(out, events.driver());
    return out.toString();
  }

  private static void appendEvents(StringBuilder out, List<ClusterEvent> events) {
    for (ClusterEvent event : events) {
      out.append(event.lastTimestamp())
          .append(' ')
          .append(event.reason())
          .append(' ')
          .append(event.message())
          .append('\n');
    }
  }

  @DELETE
  @Path("/{submissionId}")
  @Operation(
      operationId = "deleteSubmission",
      tags = "Deletion",
      summary = "Kill a submission: its SparkApplication is deleted and it ends FAILED")
  public DeleteSubmissionResponse delete(
      @Context SecurityContext security, @PathParam("submissionId") String submissionId) {
    Caller caller = caller(security);
    kills.kill(queries.status(submissionId, caller), caller);
    AuditLog.event("kill", "done", "submissionId", submissionId);
    return new DeleteSubmissionResponse(submissionId);
  }

  @GET
  @Path("/mySubmissions")
  @Operation(
      operationId = "getSubmissions",
      tags = "Examination",
      summary = "The caller's submissions, newest first")
  public GetMySubmissionsResponse mySubmissions(@Context SecurityContext security) {
    return new GetMySubmissionsResponse(
        queries.mine(caller(security), MY_SUBMISSIONS_LIMIT).stream().map(views::summary).toList());
  }

  @GET
  @Path("/{submissionId}/history")
  @Operation(
      operationId = "getSubmissionHistory",
      tags = "Examination",
      summary =
          "The recorded state transitions of a submission, oldest first, and its create attempts")
  public SubmissionHistoryResponse history(
      @Context SecurityContext security, @PathParam("submissionId") String submissionId) {
    Caller caller = caller(security);
    return new SubmissionHistoryResponse(
        submissionId,
        queries.record(submissionId, caller).routingReason(),
        queries.history(submissionId, caller).stream()
            .map(
                t ->
                    new SubmissionHistoryResponse.Transition(
                        t.sequence(),
                        t.state().name(),
                        t.occurredAt().toEpochMilli(),
                        t.source(),
                        t.message()))
            .toList(),
        queries.attempts(submissionId, caller).stream()
            .map(
                a ->
                    new SubmissionHistoryResponse.Attempt(
                        a.sequence(),
                        a.clusterId(),
                        a.attemptedAt().toEpochMilli(),
                        a.outcome().name(),
                        a.message()))
            .toList());
  }

  private static Caller caller(SecurityContext security) {
    Caller caller = AuthFilter.callerOf(security);
    if (caller == null) {
      throw new GatewayException(ErrorCode.UNAUTHENTICATED, "authentication required");
    }
    return caller;
  }
}

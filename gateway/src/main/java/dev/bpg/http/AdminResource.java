package dev.bpg.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.http.dto.ClusterListResponse;
import dev.bpg.http.dto.SubmissionSummary;
import dev.bpg.http.dto.VersionInfo;
import dev.bpg.submission.Caller;
import dev.bpg.submission.LabelValues;
import dev.bpg.submission.SubmissionQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/** Admin endpoints: every submission, and the gateway's version. */
@Path("/admin")
public final class AdminResource {
  private static final int LIST_LIMIT = 100_000;

  private final SubmissionQueries queries;
  private final VersionInfo version;
  private final Views views;
  private final ClusterOverview clusters;
  private final ObjectWriter lineWriter;

  AdminResource(
      SubmissionQueries queries,
      VersionInfo version,
      Views views,
      ClusterOverview clusters,
      ObjectMapper json) {
    this.clusters = requireNonNull(clusters, "clusters is null");
    this.queries = requireNonNull(queries, "queries is null");
    this.version = requireNonNull(version, "version is null");
    this.views = requireNonNull(views, "views is null");
    this.lineWriter = json.writer();
  }

  @GET
  @Path("/submissions")
  @Produces({"application/x-ndjson", MediaType.APPLICATION_JSON})
  @Operation(
      operationId = "listSubmissions",
      tags = "Admin",
      summary = "Every submission, newest first, as newline-delimited JSON; admins only",
      description =
          "One SubmissionSummary per line. Sent as application/x-ndjson, or as"
              + " application/json (as Apple's gateway does) to a client that accepts only that.",
      responses =
          @ApiResponse(
              responseCode = "200",
              description = "One SubmissionSummary per line",
              content = {
                @Content(
                    mediaType = "application/x-ndjson",
                    schema = @Schema(implementation = SubmissionSummary.class)),
                @Content(
                    mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SubmissionSummary.class))
              }))
  public StreamingOutput submissions(
      @Context SecurityContext security, @QueryParam("name") String name) {
    Caller caller = AuthFilter.callerOf(security);
    if (!caller.admin()) {
      throw new GatewayException(ErrorCode.FORBIDDEN, "only admins may list every submission");
    }
    AuditLog.event("admin-read", "allowed", "what", "submissions", "name", name);
    // Names compare as label values, as the reference gateway's label selector did.
    Optional<String> wanted =
        Optional.ofNullable(name).filter(n -> !n.isBlank()).map(LabelValues::normalize);
    return output -> writeAll(output, wanted);
  }

  private void writeAll(OutputStream output, Optional<String> name) throws IOException {
    try {
      queries.all(
          Optional.empty(),
          LIST_LIMIT,
          record -> {
            boolean matches =
                name.isEmpty()
                    || record.applicationName() != null
                        && LabelValues.normalize(record.applicationName()).equals(name.get());
            if (!matches) {
              return;
            }
            try {
              output.write(lineWriter.writeValueAsBytes(views.summary(record)));
              output.write('\n');
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  @GET
  @Path("/clusters")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "listClusters",
      tags = "Admin",
      summary = "Every cluster with its health, routing settings, load and free room; admins only")
  public ClusterListResponse clusters(@Context SecurityContext security) {
    if (!AuthFilter.callerOf(security).admin()) {
      throw new GatewayException(ErrorCode.FORBIDDEN, "only admins may list the clusters");
    }
    AuditLog.event("admin-read", "allowed", "what", "clusters");
    return new ClusterListResponse(clusters.clusters());
  }

  @GET
  @Path("/version")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "version",
      tags = "Admin",
      summary = "The gateway's version, git commit and build time")
  public VersionInfo version() {
    return version;
  }
}

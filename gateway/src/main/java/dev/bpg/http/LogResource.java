package dev.bpg.http;

import static java.util.Objects.requireNonNull;

import dev.bpg.artifact.FluentBitLogs;
import dev.bpg.artifact.LogArchive;
import dev.bpg.error.ErrorCategory;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.submission.Caller;
import dev.bpg.submission.SubmissionQueries;
import dev.bpg.submission.TrackedApplication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
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
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Driver and executor logs: streamed from the cluster while the pod is there, then from the log
 * archive (and, configured so, from the logs Fluent Bit shipped for the Apple gateway this one
 * replaced). A submission that has not ended and has no log yet gets a line saying so (200, as
 * Apple's gateway answers); one that has ended and has neither gets 404 with the reason.
 */
@Path("/log")
public final class LogResource {
  static final String NO_LOG =
      "The log of this submission's pod is not available: the pod has not"
          + " started yet or has been removed. Try again shortly if the job was just submitted.\n";
  private static final int MIN_ID_LENGTH = 32;
  private static final Pattern SPARK_APPLICATION_ID =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  private final SubmissionQueries queries;
  private final Optional<LogArchive> archive;
  private final Optional<FluentBitLogs> fluentBit;
  private final RateLimits limits;

  LogResource(SubmissionQueries queries, ArchivedLogs archived, RateLimits limits) {
    this.queries = requireNonNull(queries, "queries is null");
    this.archive = archived.archive();
    this.fluentBit = archived.fluentBit();
    this.limits = requireNonNull(limits, "limits is null");
  }

  @GET
  @Produces({MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
  @Operation(
      operationId = "getLog",
      tags = "Examination",
      summary = "The driver's log, or an executor's with execId; follows while the pod runs",
      description =
          "Streamed as text/plain while the pod runs (application/octet-stream, as Apple's"
              + " gateway sends it, to a client that accepts only that).",
      responses =
          @ApiResponse(
              responseCode = "200",
              description = "The log, streamed",
              content = {
                @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = "string")),
                @Content(
                    mediaType = MediaType.APPLICATION_OCTET_STREAM,
                    schema = @Schema(type = "string"))
              }))
  public StreamingOutput log(
      @Context SecurityContext security,
      @Parameter(description = "submission ID") @QueryParam("subId") String subId,
      @Parameter(description = "Spark application ID, instead of subId") @QueryParam("appId")
          String appId,
      @Parameter(description = "executor number; empty or 'driver' for the driver")
          @QueryParam("execId")
          String execId,
      @Parameter(description = "false: the log as it is now, without following a running pod")
          @QueryParam("follow")
          String follow) {
    Caller caller = AuthFilter.callerOf(security);
    checkExecutor(execId);
    String id = submissionId(subId, appId);
    // A stream holds a server thread until the pod ends or the client leaves: counted until then.
    RateLimits.Stream stream = limits.openStream(caller.name());
    Optional<InputStream> log;
    try {
      log = liveOrArchived(id, execId, caller, !"false".equalsIgnoreCase(follow));
    } catch (RuntimeException e) {
      stream.close();
      throw e;
    }
    if (log.isEmpty()) {
      stream.close();
      return output -> output.write(NO_LOG.getBytes(StandardCharsets.UTF_8));
    }
    return output -> {
      try (stream;
          InputStream in = log.get()) {
        copy(in, output);
      }
    };
  }

  /**
   * The pod's log from the cluster, else from the archive; empty while the submission may still
   * start the pod.
   *
   * @throws GatewayException {@code LOG_NOT_FOUND} for an ended submission without either
   */
  private Optional<InputStream> liveOrArchived(
      String id, String execId, Caller caller, boolean follow) {
    TrackedApplication application;
    try {
      application = queries.status(id, caller);
    } catch (GatewayException e) {
      // A submission of the installation this gateway replaced: its Fluent Bit logs, for admins
      // (nobody here knows whose it was).
      Optional<InputStream> replaced =
          e.code() == ErrorCode.SUBMISSION_NOT_FOUND && caller.admin()
              ? fluentBitLog(id, execId)
              : Optional.empty();
      if (replaced.isPresent()) {
        return replaced;
      }
      throw e;
    }
    GatewayException clusterDown = null;
    try {
      Optional<InputStream> live = queries.log(id, execId, caller, follow);
      if (live.isPresent()) {
        return live;
      }
    } catch (GatewayException e) {
      if (e.code().category() != ErrorCategory.CLUSTER_UNAVAILABLE || archive.isEmpty()) {
        throw e;
      }
      clusterDown = e;
    }
    boolean ended = application.status().state().isTerminal() || !application.live();
    if (archive.isEmpty()) {
      if (ended) {
        throw new GatewayException(
            ErrorCode.LOG_NOT_FOUND,
            "no log archived for submission "
                + id
                + ": its pod is gone, and this gateway keeps no log archive (no storage bucket is"
                + " configured)");
      }
      return Optional.empty();
    }
    try {
      return Optional.of(archive.get().read(application, execId));
    } catch (GatewayException e) {
      if (clusterDown != null) {
        throw clusterDown;
      }
      if (e.code() == ErrorCode.LOG_NOT_FOUND) {
        Optional<InputStream> shipped = fluentBitLog(id, execId);
        if (shipped.isPresent()) {
          return shipped;
        }
      }
      if (ended || e.code() != ErrorCode.LOG_NOT_FOUND) {
        throw e;
      }
      return Optional.empty();
    }
  }

  /** The log Fluent Bit shipped for Apple's gateway, when it is configured and indexed it. */
  private Optional<InputStream> fluentBitLog(String id, String execId) {
    if (fluentBit.isEmpty()) {
      return Optional.empty();
    }
    boolean driver = execId == null || execId.isBlank() || execId.strip().endsWith("driver");
    return fluentBit.get().read(id + (driver ? "-driver" : "-exec-" + execId.strip()));
  }

  /** An executor number names a pod: digits only, or nothing (or {@code driver}) for the driver. */
  private static void checkExecutor(String execId) {
    String value = execId == null ? "" : execId.trim();
    if (value.isEmpty() || (value.endsWith("driver") && value.length() <= 64)) {
      return;
    }
    boolean digits = value.length() <= 6 && value.chars().allMatch(c -> c >= '0' && c <= '9');
    if (!digits) {
      throw GatewayException.invalidField(
          "execId", "must be an executor number (1, 2, …) or 'driver'");
    }
  }

  private String submissionId(String subId, String appId) {
    if (subId != null && !subId.isBlank()) {
      if (subId.length() < MIN_ID_LENGTH) {
        throw GatewayException.invalidField("subId", "is too short to be a submission ID");
      }
      return subId;
    }
    if (appId != null && !appId.isBlank()) {
      if (!SPARK_APPLICATION_ID.matcher(appId).matches()) {
        throw GatewayException.invalidField(
            "appId", "is not a Spark application ID (letters, digits, '-', '_' and '.')");
      }
      return queries.submissionIdOf(appId);
    }
    throw GatewayException.invalidField("subId", "subId or appId is required");
  }

  /**
   * Copies as bytes arrive and flushes each chunk, so that a following reader sees lines as they
   * come.
   */
  private static void copy(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[8192];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      out.write(buffer, 0, n);
      out.flush();
    }
  }
}

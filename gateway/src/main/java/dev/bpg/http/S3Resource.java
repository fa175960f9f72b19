package dev.bpg.http;

import dev.bpg.artifact.Uploads;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.http.dto.UploadResponse;
import dev.bpg.submission.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.ws.rs.Consumes;
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
import java.io.InputStream;
import java.util.Optional;

/**
 * {@code POST /s3/{name}}: Apple's upload of a jar or file to the configured bucket, streamed,
 * answering the {@code s3a://} URL to put in {@code mainApplicationFile} or {@code deps}.
 */
@Path("/s3")
public final class S3Resource {
  private final Optional<Uploads> uploads;

  public S3Resource(Optional<Uploads> uploads) {
    this.uploads = uploads;
  }

  @POST
  @Path("/{name}")
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "uploadStream",
      tags = "Storage",
      summary = "Upload a jar or file to the gateway's bucket",
      description =
          "The body is the file's bytes (application/octet-stream), with its Content-Length"
              + " (header, or query parameter content-length as Apple's clients send it; 411"
              + " without). The key is <prefix>/<folder>/<name>, or <prefix>/<yyyyMMdd>/<random>/"
              + "<name> without a folder. Answers {\"url\": \"s3a://<bucket>/<key>\"}; 413 past"
              + " storage.maxUploadSize, 503 with the reason when the store is unavailable.",
      requestBody =
          @RequestBody(
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_OCTET_STREAM,
                      schema = @Schema(type = "string", format = "binary"))),
      responses =
          @ApiResponse(
              responseCode = "200",
              description = "Where the file is",
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_JSON,
                      schema = @Schema(implementation = UploadResponse.class))))
  public UploadResponse upload(
      @Context SecurityContext security,
      @Parameter(description = "the file's name: letters, digits and . _ - + = @")
          @PathParam("name")
          String name,
      @Parameter(description = "a folder under the prefix, such as team/job") @QueryParam("folder")
          String folder,
      @Parameter(description = "the body's length, for clients that cannot send the header")
          @QueryParam("content-length")
          String lengthParameter,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) String lengthHeader,
      InputStream body) {
    Caller caller = AuthFilter.callerOf(security);
    Uploads target =
        uploads.orElseThrow(
            () ->
                new GatewayException(
                    ErrorCode.NOT_FOUND,
                    "uploads are not configured on this gateway (storage.bucket)"));
    long length = length(lengthHeader != null ? lengthHeader : lengthParameter);
    return new UploadResponse(target.upload(name, folder, length, body, caller.name()));
  }

  private static long length(String value) {
    if (value == null || value.isBlank()) {
      throw new GatewayException(
          ErrorCode.LENGTH_REQUIRED,
          "Content-Length is required: send the file's size (curl --data-binary @FILE does)");
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw GatewayException.invalidField("content-length", "must be a number of bytes");
    }
  }
}

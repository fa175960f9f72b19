package dev.bpg.http;

import static java.util.Map.entry;

import dev.bpg.http.dto.DryRunResponse;
import dev.bpg.http.dto.ErrorResponse;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.jaxrs2.ReaderListener;
import io.swagger.v3.oas.integration.api.OpenApiReader;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Completes the OpenAPI document the annotations give, so that a generator can trust it: each
 * operation's 200 answer under "200" (swagger puts an unannotated one under "default"), its error
 * answers with the one error schema, a "default" for anything else, and the request fields that are
 * required. Error answers are listed here by operation ID; an operation missing from the list stops
 * the document from being served, so none goes undeclared.
 */
public final class OpenApiContract implements ReaderListener {
  private static final String ERROR_SCHEMA = "ErrorResponse";

  /** Besides these, any operation may answer 401 (credentials) and 429 (failed-login throttle). */
  static final Map<String, List<Integer>> ERRORS =
      Map.ofEntries(
          entry("submitApplication", List.of(400, 403, 409, 413, 415, 503)),
          entry("getStatus", List.of(400, 403, 404, 503)),
          entry("getDriverInfo", List.of(400, 403, 404, 503)),
          entry("getSparkSpec", List.of(400, 403, 404, 503)),
          entry("describe", List.of(400, 403, 404, 503)),
          entry("getSubmissionHistory", List.of(400, 403, 404, 503)),
          entry("deleteSubmission", List.of(400, 403, 404, 503)),
          entry("getSubmissions", List.of(503)),
          entry("searchSubmissions", List.of(400, 403, 503)),
          entry("getLog", List.of(400, 403, 404, 503)),
          entry("listSubmissions", List.of(400, 403, 503)),
          entry("listClusters", List.of(403)),
          entry("version", List.of()),
          entry("healthcheckStatus", List.of()),
          entry("uploadStream", List.of(400, 404, 411, 413, 503)));

  private static final Map<Integer, String> MEANINGS =
      Map.ofEntries(
          entry(400, "Bad input; the message names the field"),
          entry(401, "No credentials, or wrong ones"),
          entry(403, "Not the caller's, or not allowed to the caller"),
          entry(404, "No such submission (for an upload: no bucket is configured)"),
          entry(411, "No Content-Length, in the header or as the content-length parameter"),
          entry(409, "Conflict: an Idempotency-Key reused with another body, or an existing name"),
          entry(
              413,
              "The body is larger than api.maxRequestBodySize (for an upload:"
                  + " storage.maxUploadSize)"),
          entry(415, "Not JSON or YAML"),
          entry(429, "Too many requests; try again after Retry-After seconds"),
          entry(
              503,
              "A cluster, the database, the identity provider or the object store is unavailable"));

  /** The fields a submission must have (the others have defaults or are optional). */
  static final List<String> REQUIRED_REQUEST_FIELDS =
      List.of("sparkVersion", "mainApplicationFile");

  @Override
  public void beforeScan(OpenApiReader reader, OpenAPI openApi) {
    // Nothing to do before the resources are read.
  }

  @Override
  public void afterScan(OpenApiReader reader, OpenAPI openApi) {
    Components components = openApi.getComponents();
    ModelConverters.getInstance().readAll(ErrorResponse.class).forEach(components::addSchemas);
    ModelConverters.getInstance().readAll(DryRunResponse.class).forEach(components::addSchemas);
    components
        .getSchemas()
        .get(ERROR_SCHEMA)
        .setRequired(List.of("code", "error", "message", "requestId"));
    Schema<?> request = components.getSchemas().get("SubmitApplicationRequest");
    if (request != null) {
      request.setRequired(REQUIRED_REQUEST_FIELDS);
    }
    for (PathItem path : openApi.getPaths().values()) {
      for (Operation operation : path.readOperations()) {
        complete(operation);
      }
    }
  }

  private static void complete(Operation operation) {
    List<Integer> errors = ERRORS.get(operation.getOperationId());
    if (errors == null) {
      throw new IllegalStateException(
          "OpenApiContract.ERRORS has no entry for operation " + operation.getOperationId());
    }
    ApiResponses responses = operation.getResponses();
    ApiResponse unannotated = responses.remove("default");
    if (!responses.containsKey("200") && unannotated != null) {
      responses.addApiResponse("200", unannotated.description("OK"));
    }
    TreeSet<Integer> statuses = new TreeSet<>(errors);
    statuses.add(401);
    statuses.add(429);
    for (int status : statuses) {
      ApiResponse answer = error(MEANINGS.get(status));
      if (status == 429) {
        answer.addHeaderObject(
            "Retry-After", new Header().description("Seconds to wait").schema(new IntegerSchema()));
      }
      responses.addApiResponse(String.valueOf(status), answer);
    }
    responses.addApiResponse("default", error("An unexpected error (500)"));
  }

  private static ApiResponse error(String description) {
    return new ApiResponse()
        .description(description)
        .content(
            new Content()
                .addMediaType(
                    "application/json",
                    new MediaType()
                        .schema(new Schema<>().$ref("#/components/schemas/" + ERROR_SCHEMA))));
  }
}

package dev.bpg.http;

import dev.bpg.error.ErrorCategory;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.http.dto.ErrorResponse;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the application's failures become HTTP answers: each gives {@code {code, error, message,
 * requestId}} and a status from the error's category ({@link JettyErrors} and {@link ServletErrors}
 * answer what Jetty refuses first). No stack trace or class name reaches a client.
 */
public final class ErrorMappers {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMappers.class);

  private ErrorMappers() {}

  static int statusOf(ErrorCategory category) {
    return switch (category) {
      case USER_ERROR -> 400;
      case UNAUTHENTICATED -> 401;
      case FORBIDDEN -> 403;
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
      case PAYLOAD_TOO_LARGE -> 413;
      case LENGTH_REQUIRED -> 411;
      case UNSUPPORTED_MEDIA_TYPE -> 415;
      case RATE_LIMITED -> 429;
      case CLUSTER_UNAVAILABLE, DATABASE_UNAVAILABLE, UNAVAILABLE -> 503;
      case INTERNAL -> 500;
    };
  }

  static Response response(int status, String code, String message) {
    Response.ResponseBuilder builder =
        Response.status(status)
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(new ErrorResponse(status, code, message, RequestIds.current()));
    if (status == 401) {
      builder.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"bpg\"");
    }
    return builder.build();
  }

  /** The gateway's own errors. */
  public static final class Gateway implements ExceptionMapper<GatewayException> {
    @Override
    public Response toResponse(GatewayException e) {
      int status = statusOf(e.code().category());
      if (status >= 400 && status < 500 && status != 401) {
        // Failed logins are logged by the authenticator; other refusals here.
        AuditLog.event(
            "request", "refused", "status", Integer.toString(status), "error", e.code().name());
      }
      if (status == 500) {
        LOG.error("{}: {}", e.code(), e.getMessage(), e.getCause());
      } else if (status >= 500) {
        LOG.warn("{}: {}", e.code(), e.getMessage());
      }
      Response answer = response(status, e.code().name(), e.getMessage());
      e.retryAfter()
          .ifPresent(
              wait ->
                  answer
                      .getHeaders()
                      .putSingle(
                          HttpHeaders.RETRY_AFTER,
                          Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000))));
      return answer;
    }
  }

  /** What JAX-RS itself refuses: unknown paths, wrong methods, media types it cannot serve. */
  public static final class WebApplication implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
      int status = e.getResponse().getStatus();
      String code =
          switch (status) {
            case 404 -> ErrorCode.NOT_FOUND.name();
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED.name();
            case 413 -> ErrorCode.REQUEST_TOO_LARGE.name();
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE.name();
            default ->
                status >= 500 ? ErrorCode.INTERNAL_ERROR.name() : ErrorCode.INVALID_REQUEST.name();
          };
      String message =
          switch (status) {
            case 404 -> "no such resource";
            case 405 -> "this method is not allowed on this resource";
            case 406 -> "cannot answer in the requested media type";
            case 413 -> "the request body is too large";
            case 415 -> "unsupported content type";
            default -> status >= 500 ? "internal error" : "invalid request";
          };
      if (status >= 500) {
        LOG.error("Request failed", e);
      }
      return response(status, code, message);
    }
  }

  /** Anything else is a bug: logged in full, answered without detail. */
  public static final class Unexpected implements ExceptionMapper<Throwable> {
    @Override
    public Response toResponse(Throwable e) {
      LOG.error("Unexpected failure", e);
      return response(
          500,
          ErrorCode.INTERNAL_ERROR.name(),
          "internal error; quote the request ID when reporting it");
    }
  }
}

package dev.bpg.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpg.http.dto.ErrorResponse;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * The error body for answers Jetty makes before (or outside) the application: bad URIs and headers,
 * paths outside the API, errors of the admin servlet. The same shape as {@link ErrorMappers}'.
 */
final class ErrorBodies {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Jetty's reasons are short phrases; anything else (a cause's text) is not repeated. */
  private static final Pattern PLAIN_REASON = Pattern.compile("[A-Za-z0-9 ,.:;=()'/_-]{1,120}");

  private ErrorBodies() {}

  /** The symbolic code of an HTTP status the application did not choose. */
  static String symbolOf(int status) {
    return switch (status) {
      case 401 -> "UNAUTHENTICATED";
      case 403 -> "FORBIDDEN";
      case 404 -> "NOT_FOUND";
      case 405 -> "METHOD_NOT_ALLOWED";
      case 408 -> "REQUEST_TIMEOUT";
      case 413 -> "REQUEST_TOO_LARGE";
      case 414 -> "URI_TOO_LONG";
      case 415 -> "UNSUPPORTED_MEDIA_TYPE";
      case 429 -> "TOO_MANY_REQUESTS";
      case 431 -> "HEADERS_TOO_LARGE";
      case 503 -> "UNAVAILABLE";
      case 505 -> "HTTP_VERSION_NOT_SUPPORTED";
      default -> status >= 500 ? "INTERNAL_ERROR" : "INVALID_REQUEST";
    };
  }

  static String messageOf(int status, String reason) {
    boolean specific =
        reason != null
            && PLAIN_REASON.matcher(reason).matches()
            && !reason.equalsIgnoreCase(HttpStatus.getMessage(status));
    return status < 500 && specific ? reason : defaultMessage(status);
  }

  private static String defaultMessage(int status) {
    return switch (status) {
      case 404 -> "no such resource";
      case 405 -> "this method is not allowed on this resource";
      case 413 -> "the request body is too large";
      case 414 -> "the URI is too long";
      case 431 -> "the request's headers are too large";
      case 505 -> "only HTTP/1.0, HTTP/1.1 and HTTP/2 are spoken here";
      default -> status >= 500 ? "internal error" : "invalid request";
    };
  }

  static byte[] json(int status, String error, String message, String requestId) {
    try {
      return JSON.writeValueAsBytes(new ErrorResponse(status, error, message, requestId));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an error body is always serializable", e);
    }
  }

  /** The request ID the request got from {@link RequestIds}, or a fresh one. */
  static String requestIdOf(Request request) {
    Object id = request == null ? null : request.getAttribute(RequestIds.ATTRIBUTE);
    return id instanceof String s ? s : RequestIds.fresh();
  }

  /** The status and reason of the error a Jetty error handler is asked to answer. */
  static int statusOf(Request request, Response response) {
    Object status = request.getAttribute(ErrorHandler.ERROR_STATUS);
    if (status == null) {
      status = request.getAttribute("jakarta.servlet.error.status_code");
    }
    return status instanceof Integer code ? code : response.getStatus();
  }

  static String reasonOf(Request request) {
    Object message = request.getAttribute(ErrorHandler.ERROR_MESSAGE);
    if (message == null) {
      message = request.getAttribute("jakarta.servlet.error.message");
    }
    return message instanceof String s ? s : null;
  }

  /** Sets the headers of a JSON error answer. */
  static void headers(HttpFields.Mutable headers, String requestId) {
    headers.put(HttpHeader.CONTENT_TYPE, "application/json");
    headers.put(HttpHeader.CACHE_CONTROL, "no-store");
    headers.put(RequestIds.HEADER, requestId);
  }
}

package dev.bpg.http;

import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What bodies the gateway reads. A {@code Content-Type} sent twice with the same value (as clients
 * generated from Apple's OpenAPI document do when told the content type) counts once; two different
 * ones are a 400. Submissions are JSON or YAML only: {@code text/plain} and forms, which a web page
 * may send without the browser asking first (CORS "simple" requests), are refused with 415, so that
 * no page a user visits can submit for them. A servlet filter, because Jersey reads the content
 * type before any of its own filters run.
 */
public final class ContentTypes implements Filter {
  private static final Set<String> JSON = Set.of("application/json", "text/json");
  private static final Set<String> YAML =
      Set.of("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml");

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    List<String> values = Collections.list(http.getHeaders(HttpHeaders.CONTENT_TYPE));
    if (values.size() < 2) {
      chain.doFilter(request, response);
      return;
    }
    String first = normalized(values.get(0));
    if (values.stream().allMatch(value -> normalized(value).equals(first))) {
      chain.doFilter(new OneContentType(http, values.get(0).trim()), response);
      return;
    }
    HttpServletResponse out = (HttpServletResponse) response;
    out.setStatus(400);
    out.setContentType("application/json");
    out.getOutputStream()
        .write(
            ErrorBodies.json(
                400,
                ErrorCode.INVALID_REQUEST.name(),
                "Content-Type: sent " + values.size() + " times with different values",
                RequestIds.current()));
  }

  private static String normalized(String value) {
    return value == null ? "" : value.replace(" ", "").toLowerCase(Locale.ROOT);
  }

  /** A request whose {@code Content-Type}, sent several times alike, reads as sent once. */
  private static final class OneContentType extends HttpServletRequestWrapper {
    private final String contentType;

    OneContentType(HttpServletRequest request, String contentType) {
      super(request);
      this.contentType = contentType;
    }

    private boolean isContentType(String name) {
      return HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name);
    }

    @Override
    public String getHeader(String name) {
      return isContentType(name) ? contentType : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return isContentType(name)
          ? Collections.enumeration(List.of(contentType))
          : super.getHeaders(name);
    }

    @Override
    public String getContentType() {
      return contentType;
    }
  }

  /**
   * Whether a submission's body is YAML (else JSON); raises UNSUPPORTED_MEDIA_TYPE for any other
   * content type, or none.
   */
  public static boolean isYamlSubmission(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      throw new GatewayException(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "Content-Type: required; send application/json or application/yaml");
    }
    String type = mediaType(contentType);
    if (JSON.contains(type) || type.endsWith("+json")) {
      return false;
    }
    if (YAML.contains(type) || type.endsWith("+yaml")) {
      return true;
    }
    throw new GatewayException(
        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        "Content-Type: "
            + (type.length() > 64 ? type.substring(0, 64) + "…" : type)
            + " is not accepted; send application/json or application/yaml");
  }

  private static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .trim()
        .toLowerCase(Locale.ROOT);
  }
}

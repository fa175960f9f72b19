package dev.bpg.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web console's files, {@code <contextPath>/ui/}: HTML, scripts and styles kept in the jar
 * under {@code console/}, with no build step and nothing fetched from elsewhere. Only plain file
 * names are served (no directories, so no way out of {@code console/}), under a Content Security
 * Policy that lets the page load its own files and call its own origin only, and never be framed.
 */
public final class ConsoleAssets extends HttpServlet {
  private static final Pattern NAME = Pattern.compile("/([a-z0-9-]+)\\.(html|js|css|svg)");
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml");
  private static final String POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

  private record Asset(byte[] bytes, String type, String etag) {}

  /** The files found so far; a name not found is not remembered, so no request can fill this. */
  private final Map<String, Asset> assets = new ConcurrentHashMap<>();

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = request.getPathInfo();
    if (path == null) {
      // The page's relative links need the trailing slash.
      response.sendRedirect(request.getRequestURI() + "/");
      return;
    }
    Matcher name = NAME.matcher(path.equals("/") ? "/index.html" : path);
    Optional<Asset> asset =
        name.matches()
            ? Optional.ofNullable(
                assets.computeIfAbsent(name.group(0), file -> load(file, name.group(2))))
            : Optional.empty();
    if (asset.isEmpty()) {
      response.sendError(404, "no such console file: " + path);
      return;
    }
    response.setHeader("Content-Security-Policy", POLICY);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("Cache-Control", "no-cache");
    response.setHeader("ETag", asset.get().etag());
    if (asset.get().etag().equals(request.getHeader("If-None-Match"))) {
      response.setStatus(304);
      return;
    }
    response.setContentType(asset.get().type());
    response.setContentLength(asset.get().bytes().length);
    response.getOutputStream().write(asset.get().bytes());
  }

  /** The file, or null when the jar has none of that name. */
  private static Asset load(String file, String extension) {
    try (InputStream in = ConsoleAssets.class.getResourceAsStream("/console" + file)) {
      if (in == null) {
        return null;
      }
      byte[] bytes = in.readAllBytes();
      String etag =
          '"'
              + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12)
              + '"';
      return new Asset(bytes, TYPES.get(extension), etag);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}

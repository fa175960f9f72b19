package dev.bpg.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sends bytes as they are to a port and reads the answer: for requests that well-behaved HTTP
 * clients refuse to send (control characters, duplicate headers, bad escapes, huge headers).
 */
final class RawHttp {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RawHttp() {}

  /** An answer: status, headers (names in lower case, last value wins) and body. */
  record Answer(int status, Map<String, String> headers, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /**
   * Sends a GET and returns the open socket once the answer's status line and headers have come,
   * for a streamed answer that the caller ends by closing the socket (as a client that leaves
   * does).
   */
  static Socket open(int port, String head) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(30_000);
    socket
        .getOutputStream()
        .write(
            (head + "\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
    InputStream in = socket.getInputStream();
    StringBuilder headers = new StringBuilder();
    int c;
    while (headers.indexOf("\r\n\r\n") < 0 && (c = in.read()) >= 0) {
      headers.append((char) c);
    }
    if (!headers.toString().startsWith("HTTP/1.1 200")) {
      socket.close();
      throw new IllegalStateException("not streamed: " + headers);
    }
    return socket;
  }

  /** Sends {@code head} (lines separated by CRLF, without the blank line) and {@code body}. */
  static Answer send(int port, String head, String body) {
    byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
    String request =
        head
            + "\r\nHost: 127.0.0.1:"
            + port
            + "\r\nConnection: close"
            + (bodyBytes.length > 0 ? "\r\nContent-Length: " + bodyBytes.length : "")
            + "\r\n\r\n";
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      try {
        out.write(bodyBytes);
        out.flush();
      } catch (IOException refusedEarly) {
        // The server answered (413) and closed before reading the whole body: read its answer.
      }
      return parse(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Answer parse(InputStream in) throws IOException {
    byte[] all = in.readAllBytes();
    int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
    String head = new String(all, 0, end < 0 ? all.length : end, StandardCharsets.ISO_8859_1);
    byte[] body = end < 0 ? new byte[0] : Arrays.copyOfRange(all, end + 4, all.length);
    String[] lines = head.split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
    }
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = unchunk(body);
    }
    return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  /** Joins the chunks of a chunked body; sizes count bytes. */
  private static byte[] unchunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] crlf = "\r\n".getBytes(StandardCharsets.ISO_8859_1);
    int at = 0;
    while (at < chunked.length) {
      int lineEnd = indexOf(chunked, crlf, at);
      if (lineEnd < 0) {
        break;
      }
      String sizeLine = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1);
      int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
      if (size == 0) {
        break;
      }
      out.write(chunked, lineEnd + 2, Math.min(size, chunked.length - lineEnd - 2));
      at = lineEnd + 2 + size + 2;
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    for (int i = from; i <= data.length - pattern.length; i++) {
      if (Arrays.equals(data, i, i + pattern.length, pattern, 0, pattern.length)) {
        return i;
      }
    }
    return -1;
  }
}

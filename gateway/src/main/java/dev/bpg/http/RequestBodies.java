package dev.bpg.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Reads request bodies: at most the configured size, as YAML when the content type says so and as
 * JSON otherwise, with errors that name the field and never echo a parser's class names.
 */
public final class RequestBodies {
  /** Numbers longer than this are refused before they are parsed. */
  private static final int MAX_NUMBER_LENGTH = 64;

  private final long maxBytes;
  private final ObjectMapper json;
  private final ObjectMapper yaml;

  public RequestBodies(long maxBytes, ObjectMapper base) {
    this.maxBytes = maxBytes;
    requireNonNull(base, "base is null");
    this.json = strict(base.copy());
    this.yaml = strict(new ObjectMapper(new YAMLFactory()));
  }

  /**
   * Unknown fields and a field given twice are errors (two {@code queue}s would let whatever reads
   * the body first see another request than the gateway); nesting and numbers are bounded while
   * parsing, strings by {@link InputLimits} after.
   */
  private static ObjectMapper strict(ObjectMapper mapper) {
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(InputLimits.MAX_DEPTH + 4)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .build());
    return mapper
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  public long maxBytes() {
    return maxBytes;
  }

  /** Reads the whole body, refusing it with 413 as soon as it passes the limit. */
  public byte[] read(InputStream body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      int n;
      while ((n = body.read(buffer)) >= 0) {
        if (out.size() + n > maxBytes) {
          throw tooLarge(maxBytes);
        }
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new GatewayException(ErrorCode.INVALID_REQUEST, "could not read the request body");
    }
    return out.toByteArray();
  }

  public static GatewayException tooLarge(long maxBytes) {
    return new GatewayException(
        ErrorCode.REQUEST_TOO_LARGE,
        "the request body exceeds the limit of " + maxBytes + " bytes");
  }

  /** Parses a JSON or YAML body into {@code type}. */
  public <T> T parse(byte[] body, boolean isYaml, Class<T> type) {
    String text = new String(body, StandardCharsets.UTF_8).trim();
    if (text.isEmpty()) {
      throw new GatewayException(ErrorCode.INVALID_REQUEST, "the request body is empty");
    }
    if (isOnlyAPath(text)) {
      throw new GatewayException(
          ErrorCode.INVALID_REQUEST,
          text.length() > 200
              ? "the request body is only a path; to send a file with curl, write -d @<path>"
              : "the request body is only a path ("
                  + text
                  + "); to send a file with curl, write -d @"
                  + text);
    }
    String format = isYaml ? "YAML" : "JSON";
    try {
      T value = read(isYaml ? yaml : json, text, type, format);
      if (value == null) {
        throw new GatewayException(ErrorCode.INVALID_REQUEST, "the request body is empty");
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      throw new GatewayException(ErrorCode.INVALID_FIELD, path(e) + ": unknown field");
    } catch (InvalidFormatException e) {
      throw new GatewayException(
          ErrorCode.INVALID_FIELD,
          path(e) + ": '" + e.getValue() + "' is not a valid " + typeName(e.getTargetType()));
    } catch (MismatchedInputException e) {
      throw new GatewayException(
          ErrorCode.INVALID_FIELD, path(e) + ": expected " + typeName(e.getTargetType()));
    } catch (JsonParseException e) {
      throw new GatewayException(
          ErrorCode.INVALID_REQUEST,
          "Invalid " + format + " request: " + tidy(e.getOriginalMessage()) + locationOf(e));
    } catch (JsonMappingException e) {
      throw new GatewayException(ErrorCode.INVALID_FIELD, path(e) + ": " + rootMessage(e));
    } catch (JsonProcessingException e) {
      throw new GatewayException(
          ErrorCode.INVALID_REQUEST,
          "Invalid " + format + " request: " + tidy(e.getOriginalMessage()) + locationOf(e));
    }
  }

  /**
   * Reads a value; a syntax error that surfaces wrapped in a mapping error is still a syntax error.
   */
  private static <T> T read(ObjectMapper mapper, String text, Class<T> type, String format)
      throws JsonProcessingException {
    try {
      JsonNode tree = mapper.readTree(text);
      if (tree == null || tree.isMissingNode() || tree.isNull()) {
        return null;
      }
      InputLimits.check(tree);
      return mapper.treeToValue(tree, type);
    } catch (JsonMappingException e) {
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        if (cause instanceof StreamReadException syntax) {
          throw new GatewayException(
              ErrorCode.INVALID_REQUEST,
              "Invalid "
                  + format
                  + " request: "
                  + tidy(syntax.getOriginalMessage())
                  + locationOf(syntax));
        }
      }
      throw e;
    }
  }

  /**
   * Whether a body is only a path ({@code /tmp/job.json}, {@code ~/job.json}): the caller wrote
   * {@code curl -d /path} instead of {@code -d @/path}. A loop, not a regular expression, so that a
   * long body costs no stack.
   */
  static boolean isOnlyAPath(String text) {
    int i = 0;
    if (!text.isEmpty() && (isAsciiLetter(text.charAt(0)) || text.charAt(0) == '~')) {
      i = 1;
    }
    int segments = 0;
    while (i < text.length()) {
      if (text.charAt(i) != '/') {
        return false;
      }
      int end = i + 1;
      while (end < text.length() && isPathCharacter(text.charAt(end))) {
        end++;
      }
      if (end == i + 1) {
        return end == text.length() && segments > 0;
      }
      segments++;
      i = end;
    }
    return segments > 0;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isPathCharacter(char c) {
    return isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
  }

  private static String path(JsonMappingException e) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.length() == 0 ? "body" : out.toString();
  }

  private static String typeName(Class<?> type) {
    if (type == null) {
      return "value";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "whole number";
    }
    if (type == Double.class || type == double.class) {
      return "number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "string";
    }
    if (List.class.isAssignableFrom(type)) {
      return "list";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "object";
    }
    return "value";
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause instanceof NullPointerException
        ? "null values are not allowed here"
        : "invalid value";
  }

  /** A parser's message without what tells nothing to a client. */
  private static String tidy(String message) {
    return message == null
        ? "unreadable"
        : message.replace(
            "Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); ", "");
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }
}

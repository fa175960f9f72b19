package dev.bpg.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
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
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads request bodies: at most the configured size, as YAML when the content type says so and as
 * JSON otherwise, with errors that name the field and never echo a parser's class names.
 */
public final class RequestBodies {
  /** A body that is only a path: the caller wrote {@code -d /path} instead of {@code -d @/path}. */
  private static final Pattern FILE_PATH = Pattern.compile("([a-zA-Z~])?(/[a-zA-Z0-9_.-]+)+/?");

  private final long maxBytes;
  private final ObjectMapper json;
  private final ObjectMapper yaml;

  public RequestBodies(long maxBytes, ObjectMapper base) {
    this.maxBytes = maxBytes;
    requireNonNull(base, "base is null");
    this.json = base.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    this.yaml =
        new ObjectMapper(new YAMLFactory())
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

  /** Parses a body by its content type into {@code type}. */
  public <T> T parse(byte[] body, String contentType, Class<T> type) {
    boolean isYaml = contentType != null && contentType.toLowerCase(Locale.ROOT).contains("yaml");
    String text = new String(body, StandardCharsets.UTF_8).trim();
    if (text.isEmpty()) {
      throw new GatewayException(ErrorCode.INVALID_REQUEST, "the request body is empty");
    }
    if (FILE_PATH.matcher(text).matches()) {
      throw new GatewayException(
          ErrorCode.INVALID_REQUEST,
          "the request body is only a path ("
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
          "Invalid " + format + " request: " + e.getOriginalMessage() + locationOf(e));
    } catch (JsonMappingException e) {
      throw new GatewayException(ErrorCode.INVALID_FIELD, path(e) + ": " + rootMessage(e));
    } catch (JsonProcessingException e) {
      throw new GatewayException(
          ErrorCode.INVALID_REQUEST,
          "Invalid " + format + " request: " + e.getOriginalMessage() + locationOf(e));
    }
  }

  /**
   * Reads a value; a syntax error that surfaces wrapped in a mapping error is still a syntax error.
   */
  private static <T> T read(ObjectMapper mapper, String text, Class<T> type, String format)
      throws JsonProcessingException {
    try {
      return mapper.readValue(text, type);
    } catch (JsonMappingException e) {
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        if (cause instanceof StreamReadException syntax) {
          throw new GatewayException(
              ErrorCode.INVALID_REQUEST,
              "Invalid "
                  + format
                  + " request: "
                  + syntax.getOriginalMessage()
                  + locationOf(syntax));
        }
      }
      throw e;
    }
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

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }
}

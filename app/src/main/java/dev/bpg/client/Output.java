package dev.bpg.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * How a read is printed: {@code table} (aligned columns, times local and relative), {@code json} or
 * {@code yaml} (the gateway's answer as it is, for scripts).
 */
final class Output {
  enum Format {
    TABLE,
    JSON,
    YAML
  }

  /** A column of a table: its header and how a row's value is shown. */
  record Column(String header, Function<JsonNode, String> value) {}

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  private final Format format;
  private final PrintStream out;
  private final Instant now;
  private final ZoneId zone;

  Output(Format format, PrintStream out, Instant now, ZoneId zone) {
    this.format = format;
    this.out = out;
    this.now = now;
    this.zone = zone;
  }

  static Format parse(String value, boolean terminal) {
    if (value == null) {
      return terminal ? Format.TABLE : Format.JSON;
    }
    try {
      return Format.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ClientException.usage("-o must be table, json or yaml, not " + value);
    }
  }

  /** Rows of a list as a table, or the whole answer as JSON or YAML. */
  void rows(JsonNode answer, JsonNode rows, List<Column> columns) {
    if (format != Format.TABLE) {
      raw(answer);
      return;
    }
    List<String[]> lines = new ArrayList<>();
    lines.add(columns.stream().map(Column::header).toArray(String[]::new));
    for (JsonNode row : rows) {
      lines.add(columns.stream().map(c -> orDash(c.value().apply(row))).toArray(String[]::new));
    }
    int[] widths = new int[columns.size()];
    for (String[] line : lines) {
      for (int i = 0; i < line.length; i++) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    }
    for (String[] line : lines) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < line.length; i++) {
        text.append(line[i]);
        if (i < line.length - 1) {
          text.append(" ".repeat(widths[i] - line[i].length() + 2));
        }
      }
      out.println(text.toString().stripTrailing());
    }
  }

  /** One object as two aligned columns, field and value; or as JSON or YAML. */
  void fields(JsonNode answer, List<Column> fields) {
    if (format != Format.TABLE) {
      raw(answer);
      return;
    }
    int width = fields.stream().mapToInt(f -> f.header().length()).max().orElse(0);
    for (Column field : fields) {
      String value = field.value().apply(answer);
      if (value != null && !value.isBlank()) {
        out.println(field.header() + ":" + " ".repeat(width - field.header().length() + 2) + value);
      }
    }
  }

  void raw(JsonNode answer) {
    try {
      out.print(
          format == Format.YAML
              ? YAML.writeValueAsString(answer)
              : JSON.writeValueAsString(answer) + System.lineSeparator());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The answer of a write as one plain line (an ID, a URL) for scripts, unless JSON or YAML was
   * asked for with {@code -o}.
   *
   * @param unasked whether {@code -o} was not given
   */
  void plainOrRaw(boolean unasked, JsonNode answer, String line) {
    if (unasked || format == Format.TABLE) {
      out.println(line);
    } else {
      raw(answer);
    }
  }

  boolean isTable() {
    return format == Format.TABLE;
  }

  /** A field's text, or null. */
  static String text(JsonNode row, String field) {
    JsonNode value = row.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  /** An epoch-millisecond time, local and relative: {@code 2026-12-03 09:15:02 (3m ago)}. */
  String time(JsonNode row, String field) {
    JsonNode value = row.get(field);
    if (value == null || !value.canConvertToLong()) {
      return null;
    }
    Instant at = Instant.ofEpochMilli(value.asLong());
    return LOCAL.format(at.atZone(zone)) + " (" + relative(at) + ")";
  }

  /** An epoch-millisecond time relative to now: {@code 3m ago}. */
  String ago(JsonNode row, String field) {
    JsonNode value = row.get(field);
    return value == null || !value.canConvertToLong()
        ? null
        : relative(Instant.ofEpochMilli(value.asLong()));
  }

  private String relative(Instant at) {
    Duration gap = Duration.between(at, now);
    boolean future = gap.isNegative();
    return future ? "in " + span(gap.negated()) : span(gap) + " ago";
  }

  /** A duration in its largest units: {@code 45s}, {@code 3m12s}, {@code 2h5m}, {@code 3d4h}. */
  static String span(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return seconds / 60 + "m" + (seconds % 60 == 0 ? "" : seconds % 60 + "s");
    }
    if (seconds < 86_400) {
      return seconds / 3600 + "h" + (seconds % 3600 / 60 == 0 ? "" : seconds % 3600 / 60 + "m");
    }
    return seconds / 86_400
        + "d"
        + (seconds % 86_400 / 3600 == 0 ? "" : seconds % 86_400 / 3600 + "h");
  }

  static String millis(JsonNode row, String field) {
    JsonNode value = row.get(field);
    return value == null || !value.canConvertToLong()
        ? null
        : span(Duration.ofMillis(value.asLong()));
  }

  private static String orDash(String value) {
    return value == null || value.isBlank() ? "-" : value;
  }
}

package dev.bpg.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@link Duration}s the way people write them in configuration: {@code 500ms}, {@code 30s},
 * {@code 5m}, {@code 12h}, {@code 1d}, or ISO-8601 ({@code PT30S}). A bare number is refused
 * because its unit would be a guess.
 */
public final class DurationModule extends SimpleModule {
  private static final Pattern SIMPLE =
      Pattern.compile(
          "\\s*(\\d+)\\s*(ms|milliseconds?|s|seconds?|m|min|minutes?|h|hours?|d|days?)\\s*");

  public DurationModule() {
    super("bpg-durations");
    addDeserializer(Duration.class, new Deserializer());
  }

  /** Parses a duration, or throws {@link IllegalArgumentException} naming the accepted forms. */
  public static Duration parse(String text) {
    Matcher m = SIMPLE.matcher(text.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      try {
        return ofUnit(Long.parseLong(m.group(1)), m.group(2));
      } catch (NumberFormatException | ArithmeticException e) {
        throw new IllegalArgumentException("'" + text + "' is too long for a duration");
      }
    }
    try {
      return Duration.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration; write it like 500ms, 30s, 5m, 12h, 1d or PT30S");
    }
  }

  private static Duration ofUnit(long amount, String unit) {
    if (unit.equals("ms") || unit.startsWith("milli")) {
      return Duration.ofMillis(amount);
    }
    if (unit.startsWith("s")) {
      return Duration.ofSeconds(amount);
    }
    if (unit.startsWith("m")) {
      return Duration.ofMinutes(amount);
    }
    if (unit.startsWith("h")) {
      return Duration.ofHours(amount);
    }
    return Duration.ofDays(amount);
  }

  private static final class Deserializer extends JsonDeserializer<Duration> {
    @Override
    public Duration deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      if (parser.currentToken() != JsonToken.VALUE_STRING) {
        return (Duration)
            context.handleUnexpectedToken(
                Duration.class,
                parser.currentToken(),
                parser,
                "a duration must be a string such as 30s, 5m or 12h");
      }
      try {
        return parse(parser.getText());
      } catch (IllegalArgumentException e) {
        // Not handleWeirdStringValue: Dropwizard reports its InvalidFormatException by types alone
        // ("is of type: String, expected: Duration"), which would drop the accepted forms.
        return (Duration) context.reportInputMismatch(Duration.class, "%s", e.getMessage());
      }
    }
  }
}

package dev.bpg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationModuleTest {
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new DurationModule());

  record Holder(Duration timeout) {}

  @ParameterizedTest(name = "''{0}'' is {1}")
  @CsvSource({
    "500ms, PT0.5S",
    "1 millisecond, PT0.001S",
    "250milliseconds, PT0.25S",
    "30s, PT30S",
    "1 second, PT1S",
    "45seconds, PT45S",
    "30S, PT30S",
    "5m, PT5M",
    "5min, PT5M",
    "1 minute, PT1M",
    "10minutes, PT10M",
    "12h, PT12H",
    "1 hour, PT1H",
    "2hours, PT2H",
    "12H, PT12H",
    "1d, PT24H",
    "1 day, PT24H",
    "2days, PT48H",
    "' 30s ', PT30S",
    "0s, PT0S",
    "PT30S, PT30S",
    "pt1m, PT1M",
    "P1D, PT24H",
    "PT1H30M, PT1H30M"
  })
  void readsTheFormsPeopleWrite(String text, Duration expected) {
    assertThat(DurationModule.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "''{0}'' is not a duration")
  @ValueSource(strings = {"30", "", "abc", "5 months", "5mins", "1.5h", "-5s", "30 s s", "1w"})
  void refusesWhatIsNotADuration(String text) {
    assertThatThrownBy(() -> DurationModule.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "'" + text + "' is not a duration; write it like 500ms, 30s, 5m, 12h, 1d or PT30S");
  }

  @ParameterizedTest(name = "''{0}'' is too long")
  @ValueSource(strings = {"99999999999999999999s", "9999999999999999d", "9223372036854775807h"})
  void refusesDurationsTooLongToHold(String text) {
    assertThatThrownBy(() -> DurationModule.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + text + "' is too long for a duration");
  }

  @Test
  void deserializesStrings() throws Exception {
    assertThat(JSON.readValue("{\"timeout\": \"12h\"}", Holder.class))
        .isEqualTo(new Holder(Duration.ofHours(12)));
  }

  @Test
  void refusesANumberBecauseItsUnitWouldBeAGuess() {
    assertThatThrownBy(() -> JSON.readValue("{\"timeout\": 30}", Holder.class))
        .isInstanceOf(MismatchedInputException.class)
        .hasMessageContaining("a duration must be a string such as 30s, 5m or 12h")
        .hasMessageContaining("\"timeout\"");
  }

  @Test
  void reportsABadStringWithTheAcceptedForms() {
    assertThatThrownBy(() -> JSON.readValue("{\"timeout\": \"soon\"}", Holder.class))
        .isInstanceOf(MismatchedInputException.class)
        .hasMessageContaining(
            "'soon' is not a duration; write it like 500ms, 30s, 5m, 12h, 1d or PT30S")
        .hasMessageContaining("\"timeout\"");
  }
}

package dev.bpg.submission.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantitiesTest {
  @ParameterizedTest(name = "{0} is {1} millicores")
  @CsvSource({
    "2, 2000",
    "0.5, 500",
    "1.5, 1500",
    "1200m, 1200",
    "' 3 ', 3000",
    "0.0001, 1",
    "250m, 250"
  })
  void parsesCoresAndMillicores(String text, long expected) {
    assertThat(Quantities.parseMillicores(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "''{0}'' is not a CPU amount")
  @ValueSource(strings = {"", "abc", "-1", "1.2.3", "2 cores", "1200M", "1e3", ".5"})
  void refusesWhatIsNotACpuAmount(String text) {
    assertThatThrownBy(() -> Quantities.parseMillicores(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "'" + text + "' is not a CPU amount; write cores (2, 0.5) or millicores (1200m)");
  }

  @Test
  void refusesACpuAmountTooLargeToCount() {
    assertThatThrownBy(() -> Quantities.parseMillicores("99999999999999999999"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'99999999999999999999' is too large");
    assertThatThrownBy(() -> Quantities.parseMillicores("9007199254740992m"))
        .hasMessage("'9007199254740992m' is too large");
    assertThat(Quantities.parseMillicores("9007199254740991m")).isEqualTo(9007199254740991L);
  }

  @ParameterizedTest(name = "{0} is {1} MiB")
  @CsvSource({
    "512m, 512",
    "512M, 512",
    "512mb, 512",
    "512Mi, 512",
    "2g, 2048",
    "2Gi, 2048",
    "2 GB, 2048",
    "1.5g, 1536",
    "1024k, 1",
    "1048576b, 1",
    "1t, 1048576",
    "100, 100",
    "0.5m, 0.5"
  })
  void parsesMemoryInSparkAndKubernetesForms(String text, double expected) {
    assertThat(Quantities.parseMebibytes(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "''{0}'' is not a memory amount")
  @ValueSource(strings = {"", "lots", "-1g", "1x", "g", "1.5.2g"})
  void refusesWhatIsNotAMemoryAmount(String text) {
    assertThatThrownBy(() -> Quantities.parseMebibytes(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + text + "' is not a memory amount; write it like 512m, 2g or 1.5g");
  }

  @Test
  void refusesALongAmountBeforeParsingIt() {
    String digits = "9".repeat(900_000);
    assertThatThrownBy(() -> Quantities.parseMillicores(digits))
        .hasMessage("a CPU amount of 900000 characters is not one; at most 32");
    assertThatThrownBy(() -> Quantities.parseMebibytes(digits + "g"))
        .hasMessage("a memory amount of 900001 characters is not one; at most 32");
  }

  @Test
  void refusesAMemoryAmountTooLargeToCount() {
    String huge = "9".repeat(30) + "g";

    assertThatThrownBy(() -> Quantities.parseMebibytes(huge))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + huge + "' is too large");
    // 2^53 MiB is 2^43 GiB.
    assertThatThrownBy(() -> Quantities.parseMebibytes("8796093022208g"))
        .hasMessage("'8796093022208g' is too large");
    assertThat(Quantities.parseMebibytes("8796093022207g")).isEqualTo(8796093022207.0 * 1024);
  }

  @Test
  void formatsWholeGibibytesAsGAndEverythingElseAsM() {
    assertThat(Quantities.formatMebibytes(2048)).isEqualTo("2g");
    assertThat(Quantities.formatMebibytes(1536)).isEqualTo("1536m");
    assertThat(Quantities.formatMebibytes(1)).isEqualTo("1m");
  }

  @ParameterizedTest(name = "{0} x {1} = {2}")
  @CsvSource({
    "1g, 1.0, 1g",
    "1.5g, 1.0, 1536m",
    "2g, 1.1, 2253m",
    "1g, 1.1, 1127m",
    "1g, 2.0, 2g",
    "512m, 1.5, 768m",
    "100, 1.0, 100m",
    "1000m, 1.024, 1g"
  })
  void scalesMemoryByTheBufferRatioRoundingUpToAWholeMebibyte(
      String memory, double ratio, String expected) {
    assertThat(Quantities.scaleMemory(memory, ratio)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} cores x {1} = {2}")
  @CsvSource({
    "1, 1.0, 1",
    "1, 1.4, 1",
    "1, 1.5, 2",
    "2, 1.5, 3",
    "4, 1.2, 5",
    "2, 0.2, 1",
    "1, 0.1, 1"
  })
  void scalesCoresRoundingToAtLeastOne(int cores, double ratio, int expected) {
    assertThat(Quantities.scaleCores(cores, ratio)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}m x {1} = {2}")
  @CsvSource({
    "1000, 1.0, 1000m",
    "1000, 1.2, 1200m",
    "1200, 1.5, 1800m",
    "333, 1.1, 367m",
    "2000, 1.1, 2200m"
  })
  void scalesCpuLimitsToWholeMillicores(long millicores, double ratio, String expected) {
    assertThat(Quantities.scaleCpuLimit(millicores, ratio)).isEqualTo(expected);
  }
}

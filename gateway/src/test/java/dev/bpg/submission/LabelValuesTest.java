package dev.bpg.submission;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelValuesTest {
  @ParameterizedTest(name = "''{0}'' -> ''{1}''")
  @CsvSource({
    "SparkPi, SparkPi",
    "my-app_v1.2, my-app_v1.2",
    "hello world!, hello0world0",
    "alice@example.com, alice0example.com",
    "caf\u00e9, caf0",
    "-leading, 0leading",
    "_leading, 0leading",
    ".leading, 0leading",
    "trailing-, trailing0",
    "trailing., trailing0",
    "-, 0",
    "a, a",
    "root.dev, root.dev"
  })
  void keepsLabelCharactersAndReplacesTheRestWithZero(String text, String expected) {
    assertThat(LabelValues.normalize(text)).isEqualTo(expected);
  }

  @Test
  void nullAndEmptyBecomeTheEmptyLabelValue() {
    assertThat(LabelValues.normalize(null)).isEmpty();
    assertThat(LabelValues.normalize("")).isEmpty();
  }

  @Test
  void cutsTo63Characters() {
    assertThat(LabelValues.normalize("a".repeat(70))).isEqualTo("a".repeat(63));
    assertThat(LabelValues.normalize("b".repeat(63))).isEqualTo("b".repeat(63));
  }

  @Test
  void theLastCharacterAfterCuttingIsMadeAlphanumeric() {
    String text = "a".repeat(62) + "-" + "bbb";

    assertThat(LabelValues.normalize(text)).isEqualTo("a".repeat(62) + "0");
  }

  @Test
  void replacedCharactersCountTowardsTheLimit() {
    assertThat(LabelValues.normalize("\u00e9".repeat(100))).isEqualTo("0".repeat(63));
  }
}

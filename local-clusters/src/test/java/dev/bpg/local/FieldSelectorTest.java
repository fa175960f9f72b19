package dev.bpg.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldSelectorTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNode EVENT =
      MAPPER.valueToTree(
          Map.of(
              "metadata", Map.of("name", "app.1", "namespace", "ns"),
              "involvedObject", Map.of("kind", "SparkApplication", "name", "app"),
              "reason", "SparkApplicationAdded"));

  @Test
  void matchesEqualityAndInequalityOnNestedFields() {
    assertThat(FieldSelector.parse("involvedObject.name=app").matches(EVENT)).isTrue();
    assertThat(
            FieldSelector.parse("involvedObject.name==app,reason=SparkApplicationAdded")
                .matches(EVENT))
        .isTrue();
    assertThat(FieldSelector.parse("involvedObject.name=other").matches(EVENT)).isFalse();
    assertThat(FieldSelector.parse("involvedObject.kind!=Pod").matches(EVENT)).isTrue();
    assertThat(FieldSelector.parse("involvedObject.kind!=SparkApplication").matches(EVENT))
        .isFalse();
  }

  @Test
  void aMissingFieldIsTheEmptyString() {
    assertThat(FieldSelector.parse("involvedObject.uid=").matches(EVENT)).isTrue();
    assertThat(FieldSelector.parse("involvedObject=").matches(EVENT)).isTrue();
    assertThat(FieldSelector.parse("source.host=node").matches(EVENT)).isFalse();
  }

  @Test
  void splitsIntoTermsAndPrintsBack() {
    FieldSelector selector =
        FieldSelector.parse("metadata.name=a, involvedObject.name==b,type!=Warning");

    assertThat(selector.terms()).hasSize(3);
    assertThat(selector).hasToString("metadata.name=a,involvedObject.name=b,type!=Warning");
    assertThat(selector.filter(term -> term.field().startsWith("metadata.")))
        .hasToString("metadata.name=a");
    assertThat(FieldSelector.parse("").isEmpty()).isTrue();
  }

  @Test
  void rejectsATermWithoutOperator() {
    assertThatThrownBy(() -> FieldSelector.parse("involvedObject.name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("involvedObject.name");
  }
}

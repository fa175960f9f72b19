package dev.bpg.local;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A Kubernetes field selector: comma-separated terms {@code field=value}, {@code field==value} or
 * {@code field!=value}, where the field is a dotted path into the object (for example {@code
 * involvedObject.name}). A field the object lacks compares as the empty string, as on a real API
 * server.
 */
record FieldSelector(List<Term> terms) {

  FieldSelector {
    terms = List.copyOf(requireNonNull(terms, "terms is null"));
  }

  /**
   * Parses a selector.
   *
   * @throws IllegalArgumentException if a term has no operator or no field
   */
  static FieldSelector parse(String text) {
    requireNonNull(text, "text is null");
    List<Term> terms = new ArrayList<>();
    for (String part : text.split(",")) {
      String term = part.trim();
      if (!term.isEmpty()) {
        terms.add(Term.parse(term));
      }
    }
    return new FieldSelector(terms);
  }

  boolean isEmpty() {
    return terms.isEmpty();
  }

  FieldSelector filter(Predicate<Term> predicate) {
    return new FieldSelector(terms.stream().filter(predicate).toList());
  }

  boolean matches(JsonNode object) {
    return terms.stream().allMatch(term -> term.matches(object));
  }

  @Override
  public String toString() {
    return terms.stream().map(Term::toString).collect(Collectors.joining(","));
  }

  record Term(String field, String value, boolean equal) {

    Term {
      requireNonNull(field, "field is null");
      requireNonNull(value, "value is null");
      if (field.isEmpty()) {
        throw new IllegalArgumentException("field selector term without a field");
      }
    }

    static Term parse(String term) {
      int notEqual = term.indexOf("!=");
      if (notEqual >= 0) {
        return new Term(
            term.substring(0, notEqual).trim(), term.substring(notEqual + 2).trim(), false);
      }
      int equal = term.indexOf('=');
      if (equal < 0) {
        throw new IllegalArgumentException(
            "invalid field selector term '" + term + "': expected field=value");
      }
      int valueStart = term.startsWith("==", equal) ? equal + 2 : equal + 1;
      return new Term(term.substring(0, equal).trim(), term.substring(valueStart).trim(), true);
    }

    boolean matches(JsonNode object) {
      JsonNode node = object;
      for (String segment : field.split("\\.")) {
        node = node.path(segment);
      }
      String actual = node.isValueNode() ? node.asText() : "";
      return actual.equals(value) == equal;
    }

    @Override
    public String toString() {
      return field + (equal ? "=" : "!=") + value;
    }
  }
}

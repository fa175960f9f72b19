package dev.bpg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Rules of the sources that neither the compiler nor the formatter hold, over every module of the
 * repository: a type is imported, not named inline with its package; no production class grows past
 * a size a reader can hold, the benchmark and the local clusters included.
 */
class SourceRulesTest {
  private static final List<String> MODULES =
      List.of(
          "gateway", "local-clusters", "app", "local-databases", "spark-runtime", "spark-examples");
  private static final int MAX_PRODUCTION_LINES = 400;

  /**
   * A package path (lower case parts) followed by a type name (upper case first), outside imports.
   */
  private static final Pattern QUALIFIED_TYPE =
      Pattern.compile(
          "\\b(?:java|javax|jakarta|com|org|io|dev|net)(?:\\.[a-z][a-z0-9_]*)+\\.[A-Z]\\w*");

  private static final Pattern STRING_LITERAL = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

  private static Path repositoryRoot() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("gateway")) ? here : here.getParent();
  }

  private static List<Path> javaFiles(String tree) {
    List<Path> files = new ArrayList<>();
    for (String module : MODULES) {
      Path root = repositoryRoot().resolve(module).resolve("src").resolve(tree).resolve("java");
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return files;
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theRulesSeeEveryModule() {
    assertThat(javaFiles("main")).hasSizeGreaterThan(150);
    assertThat(javaFiles("test")).hasSizeGreaterThan(50);
  }

  @Test
  void typesAreImportedNotQualifiedInline() {
    List<String> found = new ArrayList<>();
    for (String tree : List.of("main", "test")) {
      for (Path file : javaFiles(tree)) {
        List<String> lines = lines(file);
        boolean inComment = false;
        boolean inTextBlock = false;
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i).trim();
          // A text block's lines are data (JSON, YAML), not code.
          if (countTextBlockQuotes(line) % 2 == 1) {
            inTextBlock = !inTextBlock;
            continue;
          }
          if (inTextBlock) {
            continue;
          }
          if (line.startsWith("/*")) {
            inComment = true;
          }
          boolean skip =
              inComment
                  || line.startsWith("//")
                  || line.startsWith("*")
                  || line.startsWith("import ")
                  || line.startsWith("package ");
          if (line.contains("*/")) {
            inComment = false;
          }
          if (skip) {
            continue;
          }
          String code = STRING_LITERAL.matcher(line).replaceAll("\"\"");
          int comment = code.indexOf("//");
          if (comment >= 0) {
            code = code.substring(0, comment);
          }
          Matcher matcher = QUALIFIED_TYPE.matcher(code);
          if (matcher.find()) {
            found.add(repositoryRoot().relativize(file) + ":" + (i + 1) + ": " + matcher.group());
          }
        }
      }
    }
    assertThat(found).as("inline fully qualified type names; import them").isEmpty();
  }

  private static int countTextBlockQuotes(String line) {
    int count = 0;
    for (int at = line.indexOf("\"\"\""); at >= 0; at = line.indexOf("\"\"\"", at + 3)) {
      count++;
    }
    return count;
  }

  @Test
  void noProductionClassIsLongerThanAReaderCanHold() {
    List<String> found = new ArrayList<>();
    for (Path file : javaFiles("main")) {
      int count = lines(file).size();
      if (count > MAX_PRODUCTION_LINES) {
        found.add(repositoryRoot().relativize(file) + ": " + count + " lines");
      }
    }
    assertThat(found).as("production files over " + MAX_PRODUCTION_LINES + " lines").isEmpty();
  }
}

package dev.bpg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bpg.config.ApiTokenConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sourceforge.argparse4j.inf.Namespace;
import org.junit.jupiter.api.Test;

class ApiTokenCommandTest {
  @Test
  void printsANewTokenAndTheEntryThatAcceptsIt() {
    String first = run();
    String second = run();

    Matcher token = Pattern.compile("token: (bpg_[A-Za-z0-9_-]{43})\n").matcher(first);
    assertThat(token.find()).as(first).isTrue();
    assertThat(first)
        .contains("- {user: airflow, tokenHash: " + ApiTokenConfig.hashOf(token.group(1)) + "}");
    assertThat(second).doesNotContain(token.group(1));
  }

  private static String run() {
    PrintStream out = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      new ApiTokenCommand().run(null, new Namespace(Map.of("user", "airflow")));
    } finally {
      System.setOut(out);
    }
    return printed.toString(StandardCharsets.UTF_8);
  }
}

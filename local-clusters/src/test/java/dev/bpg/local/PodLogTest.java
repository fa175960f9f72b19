package dev.bpg.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PodLogTest {

  private static final Instant TIME = Instant.parse("2026-11-25T17:40:20.123Z");

  @Test
  void followerGetsTheBacklogThenNewLinesThenTheEnd() {
    PodLog log = new PodLog("uid", 100);
    log.append(line("one"));
    RecordingListener listener = new RecordingListener();

    List<LogLine> backlog = log.follow(OptionalInt.empty(), listener);
    log.append(line("two"));
    log.close();
    log.append(line("after close"));

    assertThat(backlog).extracting(LogLine::text).containsExactly("one");
    assertThat(listener.received).containsExactly("two", "<end>");
    assertThat(log.lines(OptionalInt.empty()))
        .extracting(LogLine::text)
        .containsExactly("one", "two");
  }

  @Test
  void followingAClosedLogEndsAtOnce() {
    PodLog log = new PodLog("uid", 100);
    log.append(line("one"));
    log.close();
    RecordingListener listener = new RecordingListener();

    assertThat(log.follow(OptionalInt.of(5), listener))
        .extracting(LogLine::text)
        .containsExactly("one");
    assertThat(listener.received).containsExactly("<end>");
  }

  @Test
  void unfollowedListenerHearsNoMore() {
    PodLog log = new PodLog("uid", 100);
    RecordingListener listener = new RecordingListener();
    log.follow(OptionalInt.empty(), listener);

    log.unfollow(listener);
    log.append(line("one"));
    log.close();

    assertThat(listener.received).isEmpty();
  }

  @Test
  void tailAndSizeBoundKeepTheNewestLines() {
    PodLog log = new PodLog("uid", 3);
    for (int i = 1; i <= 5; i++) {
      log.append(line("line " + i));
    }

    assertThat(log.lines(OptionalInt.empty()))
        .extracting(LogLine::text)
        .containsExactly("line 3", "line 4", "line 5");
    assertThat(log.lines(OptionalInt.of(1))).extracting(LogLine::text).containsExactly("line 5");
    assertThat(log.lines(OptionalInt.of(0))).isEmpty();
  }

  @Test
  void rendersLikeTheKubelet() {
    assertThat(line("hello").render(false)).isEqualTo("hello\n");
    assertThat(line("hello").render(true)).isEqualTo("2026-11-25T17:40:20.123Z hello\n");
  }

  @Test
  void podLogsRemovesEveryLogOfAnApplication() {
    PodLogs logs = new PodLogs();
    PodLog driver = logs.open("ns", "app-driver", "uid-1");
    PodLog executor = logs.open("ns", "app-exec-1", "uid-1");
    PodLog other = logs.open("ns", "other-driver", "uid-2");

    logs.removeApplication("uid-1");

    assertThat(driver.isClosed()).isTrue();
    assertThat(executor.isClosed()).isTrue();
    assertThat(other.isClosed()).isFalse();
    assertThat(logs.find("ns", "app-driver")).isEmpty();
    assertThat(logs.find("ns", "other-driver")).containsSame(other);
    assertThat(logs.open("ns", "other-driver", "uid-2")).isSameAs(other);
    assertThat(logs.open("ns", "other-driver", "uid-3")).isNotSameAs(other);
    assertThat(other.isClosed()).isTrue();
  }

  private static LogLine line(String text) {
    return new LogLine(TIME, text);
  }

  private static final class RecordingListener implements PodLog.Listener {
    private final List<String> received = new ArrayList<>();

    @Override
    public void onLine(LogLine line) {
      received.add(line.text());
    }

    @Override
    public void onEnd() {
      received.add("<end>");
    }
  }
}

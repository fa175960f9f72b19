package dev.bpg.routing;

import static dev.bpg.config.TestConfigs.queue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bpg.config.QueueConfig;
import dev.bpg.error.ErrorCategory;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.routing.QueueResolver.ResolvedQueue;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueueResolverTest {
  private static final QueueConfig POC = queue("{name: poc}");
  private static final QueueConfig DEV = queue("{name: dev, users: [alice, Bob]}");
  private static final QueueConfig ETL =
      queue("{name: etl, users: [bob, carol], maxExecutorInstances: 100}");
  private static final QueueConfig ETL_DAILY =
      queue("{name: etl.daily, users: [dave], maxExecutorInstances: 10}");
  private static final QueueResolver RESOLVER =
      new QueueResolver(List.of(POC, DEV, ETL, ETL_DAILY));

  @ParameterizedTest(name = "''{0}'' is queue {1}")
  @CsvSource({
    "dev, dev",
    "DEV, dev",
    "etl.daily, etl.daily",
    "ETL.Daily, etl.daily",
    "..etl...daily.., etl.daily",
    ".dev., dev",
    "' dev ', dev"
  })
  void normalizesTheRequestedQueueAndMatchesItIgnoringCase(String requested, String expected) {
    ResolvedQueue resolved = RESOLVER.resolve(Optional.of(requested), "zoe");

    assertThat(resolved.name()).isEqualTo(expected);
  }

  @Test
  void normalizeCollapsesRunsOfDotsAndTrimsDotsAtBothEnds() {
    assertThat(QueueResolver.normalize("...a....b.c..")).isEqualTo("a.b.c");
    assertThat(QueueResolver.normalize("a")).isEqualTo("a");
    assertThat(QueueResolver.normalize("....")).isEmpty();
  }

  @Test
  void theRequestedQueueWinsOverTheUsersDefault() {
    assertThat(RESOLVER.resolve(Optional.of("etl"), "alice").name()).isEqualTo("etl");
  }

  @Test
  void withoutARequestedQueueTheUsersFirstConfiguredQueueIsTheDefault() {
    // bob is listed by dev and by etl: dev comes first in the configuration, every time.
    for (int i = 0; i < 5; i++) {
      assertThat(RESOLVER.resolve(Optional.empty(), "bob").name()).isEqualTo("dev");
    }
    assertThat(RESOLVER.resolve(Optional.empty(), "carol").name()).isEqualTo("etl");
    assertThat(RESOLVER.resolve(Optional.empty(), "dave").name()).isEqualTo("etl.daily");
  }

  @Test
  void usersAreMatchedIgnoringCase() {
    assertThat(RESOLVER.resolve(Optional.empty(), "ALICE").name()).isEqualTo("dev");
    assertThat(RESOLVER.resolve(Optional.empty(), "bob").name()).isEqualTo("dev");
  }

  @Test
  void anEmptyOrAllDotsQueueCountsAsNoQueue() {
    assertThat(RESOLVER.resolve(Optional.of(""), "carol").name()).isEqualTo("etl");
    assertThat(RESOLVER.resolve(Optional.of(".."), "carol").name()).isEqualTo("etl");
  }

  @Test
  void aUserWithoutADefaultGetsThePocQueue() {
    ResolvedQueue resolved = RESOLVER.resolve(Optional.empty(), "zoe");

    assertThat(resolved.name()).isEqualTo(QueueResolver.FALLBACK_QUEUE).isEqualTo("poc");
    assertThat(resolved.queue()).isEqualTo(POC);
  }

  @Test
  void thePocFallbackMustBeConfiguredLikeAnyOtherQueue() {
    QueueResolver withoutPoc = new QueueResolver(List.of(DEV));

    assertThatThrownBy(() -> withoutPoc.resolve(Optional.empty(), "zoe"))
        .isInstanceOfSatisfying(
            GatewayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_QUEUE))
        .hasMessage("queue: 'poc' does not exist; known queues: [dev]");
  }

  @Test
  void anUnknownQueueIsAUserErrorNotAServerError() {
    assertThatThrownBy(() -> RESOLVER.resolve(Optional.of("..nope.."), "alice"))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_QUEUE);
              assertThat(e.code().category()).isEqualTo(ErrorCategory.USER_ERROR);
            })
        .hasMessage("queue: 'nope' does not exist; known queues: [poc, dev, etl, etl.daily]");
  }

  @Test
  void aSubQueueIsCheckedByItsFullNameAndRoutedByItsParent() {
    ResolvedQueue resolved = RESOLVER.resolve(Optional.of("etl.daily"), "alice");

    assertThat(resolved.name()).isEqualTo("etl.daily");
    assertThat(resolved.queue()).isEqualTo(ETL_DAILY);
    assertThat(resolved.parentName()).isEqualTo("etl");
    assertThat(resolved.parent()).isEqualTo(ETL);
    assertThat(resolved.rootPath()).isEqualTo("root.etl.daily");
  }

  @Test
  void aTopLevelQueueIsItsOwnParent() {
    ResolvedQueue resolved = RESOLVER.resolve(Optional.of("Dev"), "alice");

    assertThat(resolved.parentName()).isEqualTo("dev");
    assertThat(resolved.parent()).isSameAs(resolved.queue()).isEqualTo(DEV);
    assertThat(resolved.rootPath()).isEqualTo("root.dev");
  }

  @Test
  void aSubQueueWhoseParentIsNotConfiguredIsItsOwnParent() {
    QueueConfig lone = queue("{name: team.batch}");
    ResolvedQueue resolved =
        new QueueResolver(List.of(lone)).resolve(Optional.of("team.batch"), "alice");

    assertThat(resolved.parentName()).isEqualTo("team.batch");
    assertThat(resolved.parent()).isEqualTo(lone);
  }

  @Test
  void parentOfIsTheTextBeforeTheFirstDot() {
    assertThat(QueueResolver.parentOf("a.b")).isEqualTo("a");
    assertThat(QueueResolver.parentOf("a.b.c")).isEqualTo("a");
    assertThat(QueueResolver.parentOf("a")).isEqualTo("a");
  }
}

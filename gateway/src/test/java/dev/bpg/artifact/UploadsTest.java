package dev.bpg.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import dev.bpg.testing.MutableClock;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UploadsTest {
  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T23:59:00Z"));
  private final Uploads uploads = new Uploads(store, "/bpg/uploads/", 100, clock);

  private String upload(String name, String folder, byte[] body) {
    return uploads.upload(name, folder, body.length, new ByteArrayInputStream(body), "alice");
  }

  @Test
  void aFolderNamesTheKeyUnderThePrefix() {
    assertThat(upload("job.jar", "/team/etl/", new byte[] {1, 2}))
        .isEqualTo("s3a://artifacts/bpg/uploads/team/etl/job.jar");
    assertThat(store.objects.get("bpg/uploads/team/etl/job.jar")).containsExactly(1, 2);
    assertThat(store.metadata.get("bpg/uploads/team/etl/job.jar"))
        .containsEntry("uploaded-by", "alice");
  }

  @Test
  void withoutAFolderTheKeyHasTheDayInUtcAndARandomFolder() {
    String first = upload("job.jar", null, new byte[1]);
    String second = upload("job.jar", "", new byte[1]);
    assertThat(first).matches("s3a://artifacts/bpg/uploads/20261202/[0-9a-f]{32}/job\\.jar");
    assertThat(second).matches("s3a://artifacts/bpg/uploads/20261202/[0-9a-f]{32}/job\\.jar");
    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void withoutAPrefixTheKeyStartsAtTheFolder() {
    Uploads bare = new Uploads(store, "", 100, clock);
    assertThat(bare.upload("a.py", "x", 1, new ByteArrayInputStream(new byte[1]), "alice"))
        .isEqualTo("s3a://artifacts/x/a.py");
  }

  @Test
  void aBodyPastTheLimitIsRefusedBeforeItIsRead() {
    assertThatThrownBy(() -> upload("big.jar", null, new byte[101]))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_TOO_LARGE))
        .hasMessageContaining("at most 100");
    assertThat(store.objects).isEmpty();
  }

  @Test
  void namesAndFoldersCannotLeaveTheirPlace() {
    for (String name : new String[] {"..", ".", "a/b.jar", "a b.jar", "", "é.jar"}) {
      assertThatThrownBy(() -> upload(name, null, new byte[1]))
          .as(name)
          .hasMessageStartingWith("name:");
    }
    for (String folder : new String[] {"../x", "a/../b", "a//b", "a/./b", "a b"}) {
      assertThatThrownBy(() -> upload("ok.jar", folder, new byte[1]))
          .as(folder)
          .hasMessageStartingWith("folder:");
    }
    assertThat(store.objects).isEmpty();
  }
}

package dev.bpg.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerWriterTest {
  private static final Instant TIME = Instant.parse("2026-12-01T00:00:00Z");

  @TempDir Path dir;

  @Test
  void aLayerIsNamedByTheDigestsOfItsBytesAndOfItsTar() throws Exception {
    LayerWriter.Layer layer;
    try (LayerWriter writer = new LayerWriter(dir.resolve("l.tar.gz"), TIME)) {
      writer.file("/app/bpg.jar", "jar".getBytes(StandardCharsets.UTF_8), 0644);
      layer = writer.finish();
    }
    byte[] gz = Files.readAllBytes(layer.file());
    assertThat(layer.digest()).isEqualTo(ImageBuilder.digest(gz));
    assertThat(layer.size()).isEqualTo(gz.length);
    byte[] tar = new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes();
    assertThat(layer.diffId()).isEqualTo(ImageBuilder.digest(tar));
  }

  @Test
  void parentsComeFirstAndEachPathOnce() throws Exception {
    LayerWriter.Layer layer;
    try (LayerWriter writer = new LayerWriter(dir.resolve("l.tar.gz"), TIME)) {
      writer.file("etc/ssl/certs/java/cacerts", new byte[] {1, 2}, 0644);
      writer.directory("var/lib/bpg", 0750, 10001);
      // A package's tar: ./-prefixed names, a directory already written, a file and a link.
      writer.copy(packageTar(), (path, content) -> assertThat(path).doesNotStartWith("./"));
      writer.file("./etc/passwd", "x".getBytes(StandardCharsets.UTF_8), 0644);
      layer = writer.finish();
    }
    Map<String, TarArchiveEntry> entries = read(layer.file());
    assertThat(new ArrayList<>(entries.keySet()))
        .containsExactly(
            "etc",
            "etc/ssl",
            "etc/ssl/certs",
            "etc/ssl/certs/java",
            "etc/ssl/certs/java/cacerts",
            "var",
            "var/lib",
            "var/lib/bpg",
            "usr",
            "usr/bin",
            "usr/bin/tool",
            "usr/bin/alias",
            "etc/passwd");
    assertThat(entries.get("var/lib/bpg").getLongUserId()).isEqualTo(10001);
    assertThat(entries.get("var/lib/bpg").getMode() & 07777).isEqualTo(0750);
    assertThat(entries.get("etc").getModTime().toInstant()).isEqualTo(TIME);
    assertThat(entries.get("usr/bin/tool").getMode() & 07777).isEqualTo(0755);
    assertThat(entries.get("usr/bin/alias").isSymbolicLink()).isTrue();
    assertThat(entries.get("usr/bin/alias").getLinkName()).isEqualTo("tool");
  }

  @Test
  void theSameInputsGiveTheSameLayer() throws Exception {
    List<String> digests = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      try (LayerWriter writer = new LayerWriter(dir.resolve("l" + i + ".tar.gz"), TIME)) {
        writer.file("a/b", "same".getBytes(StandardCharsets.UTF_8), 0644);
        digests.add(writer.finish().digest());
      }
    }
    assertThat(digests.get(0)).isEqualTo(digests.get(1));
  }

  @Test
  void pathsAreRelativeToTheRoot() {
    assertThat(LayerWriter.normalize("./usr/lib/")).isEqualTo("usr/lib");
    assertThat(LayerWriter.normalize("/usr/lib")).isEqualTo("usr/lib");
    assertThat(LayerWriter.normalize("./")).isEmpty();
    assertThat(LayerWriter.normalize(".")).isEmpty();
  }

  @Test
  void theTrustStoreHoldsEveryCertificateAndRefusesNone() {
    assertThatThrownBy(() -> DebianBase.trustStore(List.of()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no certificate");
    assertThatThrownBy(
            () ->
                DebianBase.trustStore(
                    List.of("not a certificate".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(IOException.class);
  }

  private static TarArchiveInputStream packageTar() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.putArchiveEntry(new TarArchiveEntry("./"));
      tar.closeArchiveEntry();
      tar.putArchiveEntry(new TarArchiveEntry("./etc/"));
      tar.closeArchiveEntry();
      TarArchiveEntry tool = new TarArchiveEntry("./usr/bin/tool");
      tool.setMode(0100755);
      tool.setSize(2);
      tar.putArchiveEntry(tool);
      tar.write(new byte[] {7, 7});
      tar.closeArchiveEntry();
      TarArchiveEntry alias = new TarArchiveEntry("./usr/bin/alias", TarArchiveEntry.LF_SYMLINK);
      alias.setLinkName("tool");
      tar.putArchiveEntry(alias);
      tar.closeArchiveEntry();
    }
    return new TarArchiveInputStream(new ByteArrayInputStream(bytes.toByteArray()));
  }

  private static Map<String, TarArchiveEntry> read(Path layer) throws IOException {
    Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(layer)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        String name = LayerWriter.normalize(entry.getName());
        assertThat(entries).doesNotContainKey(name);
        entries.put(name, entry);
      }
    }
    return entries;
  }
}

package dev.bpg.image;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * One image layer: a gzip-compressed tar written as it is built, with the two digests an image
 * names it by (of the compressed bytes, and of the tar itself, the "diff ID"). Paths are relative
 * to the image's root, without a leading slash; a path is written once, parents first.
 */
final class LayerWriter implements AutoCloseable {
  /** A finished layer: its file and what the manifest and the configuration say of it. */
  record Layer(Path file, String digest, String diffId, long size) {}

  private final Path file;
  private final Instant time;
  private final MessageDigest compressed = sha256();
  private final MessageDigest uncompressed = sha256();
  private final TarArchiveOutputStream tar;
  private final Set<String> written = new HashSet<>();
  private boolean finished;

  /**
   * @param time the modification time of the entries this writer makes itself (copied entries keep
   *     theirs), so that the same inputs give the same layer
   */
  LayerWriter(Path file, Instant time) throws IOException {
    this.file = requireNonNull(file, "file is null");
    this.time = requireNonNull(time, "time is null");
    OutputStream out =
        new DigestOutputStream(
            new GZIPOutputStream(
                new DigestOutputStream(Files.newOutputStream(file), compressed), 1 << 16),
            uncompressed);
    tar = new TarArchiveOutputStream(out, 10240, "UTF-8");
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
  }

  boolean contains(String path) {
    return written.contains(normalize(path));
  }

  void directory(String path, int mode, int owner) throws IOException {
    String name = normalize(path);
    if (name.isEmpty() || written.contains(name)) {
      return;
    }
    parents(name);
    TarArchiveEntry entry = new TarArchiveEntry(name + "/");
    entry.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~07777 | mode);
    own(entry, owner);
    put(entry, null);
  }

  void file(String path, byte[] content, int mode) throws IOException {
    String name = normalize(path);
    parents(name);
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~07777 | mode);
    own(entry, 0);
    put(entry, new ByteArrayInputStream(content));
  }

  void file(String path, Path source, int mode) throws IOException {
    String name = normalize(path);
    parents(name);
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(Files.size(source));
    entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~07777 | mode);
    own(entry, 0);
    try (InputStream in = Files.newInputStream(source)) {
      put(entry, in);
    }
  }

  /**
   * Copies the entries of a tar stream (such as a Debian package's files) as they are: modes,
   * owners, times and links. Entries already written are left out.
   *
   * @param visitor sees each regular file copied, with its content, before it is written
   */
  void copy(TarArchiveInputStream source, FileVisitor visitor) throws IOException {
    TarArchiveEntry entry;
    while ((entry = source.getNextEntry()) != null) {
      String name = normalize(entry.getName());
      if (name.isEmpty() || written.contains(name)) {
        continue;
      }
      parents(name);
      TarArchiveEntry copy =
          new TarArchiveEntry(
              entry.isDirectory() ? name + "/" : name,
              entry.isSymbolicLink()
                  ? TarArchiveEntry.LF_SYMLINK
                  : entry.isLink() ? TarArchiveEntry.LF_LINK : entry.getLinkFlag());
      copy.setMode(entry.getMode());
      copy.setUserId(entry.getLongUserId());
      copy.setGroupId(entry.getLongGroupId());
      copy.setUserName(entry.getUserName());
      copy.setGroupName(entry.getGroupName());
      copy.setModTime(entry.getModTime());
      if (entry.isSymbolicLink() || entry.isLink()) {
        String target = entry.getLinkName();
        copy.setLinkName(entry.isLink() ? normalize(target) : target);
        put(copy, null);
      } else if (entry.isFile()) {
        byte[] content = source.readAllBytes();
        visitor.visit(name, content);
        copy.setSize(content.length);
        put(copy, new ByteArrayInputStream(content));
      } else {
        put(copy, null);
      }
    }
  }

  /** What a copy shows of each regular file it writes. */
  @FunctionalInterface
  interface FileVisitor {
    void visit(String path, byte[] content) throws IOException;
  }

  Layer finish() throws IOException {
    if (!finished) {
      finished = true;
      tar.finish();
      tar.close();
    }
    HexFormat hex = HexFormat.of();
    return new Layer(
        file,
        "sha256:" + hex.formatHex(compressed.digest()),
        "sha256:" + hex.formatHex(uncompressed.digest()),
        Files.size(file));
  }

  @Override
  public void close() throws IOException {
    if (!finished) {
      finished = true;
      tar.close();
    }
  }

  private void parents(String name) throws IOException {
    int slash = name.lastIndexOf('/');
    if (slash > 0) {
      directory(name.substring(0, slash), 0755, 0);
    }
  }

  private void own(TarArchiveEntry entry, int owner) {
    entry.setUserId(owner);
    entry.setGroupId(owner);
    entry.setUserName(owner == 0 ? "root" : "");
    entry.setGroupName(owner == 0 ? "root" : "");
    entry.setModTime(time.toEpochMilli());
  }

  private void put(TarArchiveEntry entry, InputStream content) throws IOException {
    tar.putArchiveEntry(entry);
    if (content != null) {
      content.transferTo(tar);
    }
    tar.closeArchiveEntry();
    String name = entry.getName();
    written.add(name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
  }

  /** {@code ./usr/lib/}, {@code /usr/lib} and {@code usr/lib} are the same path. */
  static String normalize(String path) {
    String name = path;
    while (name.startsWith("./") || name.startsWith("/")) {
      name = name.substring(name.startsWith("./") ? 2 : 1);
    }
    if (name.equals(".")) {
      return "";
    }
    while (name.endsWith("/")) {
      name = name.substring(0, name.length() - 1);
    }
    return name;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}

package dev.bpg.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The last bytes of a log, read through a ring buffer that never holds more than the limit however
 * long the log. A cut log starts at its first whole line and is written after a line saying how
 * much was cut.
 */
final class LogTail {
  private static final int INITIAL_CAPACITY = 64 * 1024;

  private final byte[] bytes;
  private final int start;
  private final int length;
  private final long total;

  private LogTail(byte[] bytes, int start, int length, long total) {
    this.bytes = bytes;
    this.start = start;
    this.length = length;
    this.total = total;
  }

  /** Reads {@code in} to its end, keeping its last {@code maxBytes}. */
  static LogTail read(InputStream in, int maxBytes) throws IOException {
    byte[] ring = new byte[Math.min(maxBytes, INITIAL_CAPACITY)];
    byte[] chunk = new byte[8192];
    long total = 0;
    int n;
    while ((n = in.read(chunk)) >= 0) {
      if (total + n > ring.length && ring.length < maxBytes) {
        // Not wrapped yet: the content is ring[0, total).
        int capacity = (int) Math.min(maxBytes, Math.max(2L * ring.length, total + n));
        byte[] grown = new byte[capacity];
        System.arraycopy(ring, 0, grown, 0, (int) total);
        ring = grown;
      }
      int from = 0;
      int count = n;
      if (count > ring.length) {
        from = count - ring.length;
        total += from;
        count = ring.length;
      }
      int position = (int) (total % ring.length);
      int first = Math.min(count, ring.length - position);
      System.arraycopy(chunk, from, ring, position, first);
      System.arraycopy(chunk, from + first, ring, 0, count - first);
      total += count;
    }
    if (total <= ring.length) {
      return new LogTail(ring, 0, (int) total, total);
    }
    byte[] tail = new byte[ring.length];
    int position = (int) (total % ring.length);
    System.arraycopy(ring, position, tail, 0, ring.length - position);
    System.arraycopy(ring, 0, tail, ring.length - position, position);
    int lineStart = 0;
    while (lineStart < tail.length && tail[lineStart] != '\n') {
      lineStart++;
    }
    lineStart = lineStart < tail.length ? lineStart + 1 : 0;
    return new LogTail(tail, lineStart, tail.length - lineStart, total);
  }

  /** How many bytes the log had. */
  long total() {
    return total;
  }

  /** Whether its beginning was cut. */
  boolean truncated() {
    return length < total;
  }

  /** Writes the kept bytes, after a line about the cut when there was one. */
  void writeTo(OutputStream out) throws IOException {
    if (truncated()) {
      String notice =
          "[batch-processing-gateway] The first "
              + (total - length)
              + " of this log's "
              + total
              + " bytes were cut: the archive keeps the end of a log longer than"
              + " logArchive.maxBytesPerPod.\n";
      out.write(notice.getBytes(StandardCharsets.UTF_8));
    }
    out.write(bytes, start, length);
  }
}

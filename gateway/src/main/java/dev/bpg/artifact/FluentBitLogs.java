package dev.bpg.artifact;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Logs that an existing installation of Apple's gateway had shipped by Fluent Bit, readable after
 * the move: the keys come from its {@code logindex} table, the objects from its log bucket, and
 * each object's lines are Fluent Bit's JSON records, of which the {@code log} field is the
 * container's line. Objects are read one after the other as the answer is written, gzip or not.
 */
public final class FluentBitLogs {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FluentBitIndex index;
  private final ObjectStore store;

  public FluentBitLogs(FluentBitIndex index, ObjectStore store) {
    this.index = requireNonNull(index, "index is null");
    this.store = requireNonNull(store, "store is null");
  }

  /**
   * The log of a container, the lines of its objects in key order; empty when the index has none.
   *
   * @param containerId {@code <submissionId>-driver} or {@code <submissionId>-exec-<n>}
   */
  public Optional<InputStream> read(String containerId) {
    List<String> keys = index.keysOf(containerId);
    if (keys.isEmpty()) {
      return Optional.empty();
    }
    Iterator<String> remaining = keys.iterator();
    return Optional.of(
        new SequenceInputStream(
            new Enumeration<InputStream>() {
              @Override
              public boolean hasMoreElements() {
                return remaining.hasNext();
              }

              @Override
              public InputStream nextElement() {
                if (!remaining.hasNext()) {
                  throw new NoSuchElementException();
                }
                return object(remaining.next());
              }
            }));
  }

  /**
   * One object's container lines, converted as they are read; an object the index names but the
   * bucket lost reads empty.
   */
  private InputStream object(String key) {
    Optional<InputStream> object = store.get(key);
    if (object.isEmpty()) {
      return InputStream.nullInputStream();
    }
    try {
      return new ContainerLines(
          new BufferedReader(
              new InputStreamReader(decompressed(object.get()), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      closeQuietly(object.get());
      throw new GatewayException(
          ErrorCode.STORAGE_UNAVAILABLE, "could not read the log object " + key, e);
    }
  }

  /** The container's lines of Fluent Bit's records, a line at a time. */
  private static final class ContainerLines extends InputStream {
    private final BufferedReader records;
    private byte[] line = new byte[0];
    private int position;

    ContainerLines(BufferedReader records) {
      this.records = records;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      while (position >= line.length) {
        String record = records.readLine();
        if (record == null) {
          return -1;
        }
        String text = containerLine(record);
        line = (text.endsWith("\n") ? text : text + "\n").getBytes(StandardCharsets.UTF_8);
        position = 0;
      }
      int n = Math.min(length, line.length - position);
      System.arraycopy(line, position, buffer, offset, n);
      position += n;
      return n;
    }

    @Override
    public void close() throws IOException {
      records.close();
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // Nothing more to do with it.
    }
  }

  /** The {@code log} field of a Fluent Bit record; any other line as it is. */
  static String containerLine(String line) {
    if (!line.startsWith("{")) {
      return line;
    }
    try {
      JsonNode record = JSON.readTree(line);
      JsonNode log = record.get("log");
      return log != null && log.isTextual() ? log.asText() : line;
    } catch (JsonProcessingException e) {
      return line;
    }
  }

  private static InputStream decompressed(InputStream object) throws IOException {
    BufferedInputStream in = new BufferedInputStream(object);
    in.mark(2);
    int first = in.read();
    int second = in.read();
    in.reset();
    return first == 0x1f && second == 0x8b ? new GZIPInputStream(in) : in;
  }
}

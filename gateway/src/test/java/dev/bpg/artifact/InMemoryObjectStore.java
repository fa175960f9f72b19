package dev.bpg.artifact;

import dev.bpg.error.ErrorCode;
import dev.bpg.error.GatewayException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A bucket in memory that can be taken down, counting what it is given. */
public final class InMemoryObjectStore implements ObjectStore {
  public final Map<String, byte[]> objects = new ConcurrentHashMap<>();
  public final Map<String, Map<String, String>> metadata = new ConcurrentHashMap<>();
  public final AtomicInteger puts = new AtomicInteger();
  private volatile boolean down;

  @Override
  public String bucket() {
    return "artifacts";
  }

  /** From now on every call fails as a store that cannot be reached, until {@code false}. */
  public void down(boolean value) {
    down = value;
  }

  @Override
  public void put(String key, InputStream body, long length, Map<String, String> meta) {
    checkUp();
    try {
      objects.put(key, body.readNBytes((int) length));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    metadata.put(key, meta);
    puts.incrementAndGet();
  }

  @Override
  public Optional<InputStream> get(String key) {
    checkUp();
    return Optional.ofNullable(objects.get(key)).map(ByteArrayInputStream::new);
  }

  @Override
  public void delete(String key) {
    checkUp();
    objects.remove(key);
  }

  private void checkUp() {
    if (down) {
      throw new GatewayException(
          ErrorCode.STORAGE_UNAVAILABLE, "the object store at 127.0.0.1 does not answer");
    }
  }
}

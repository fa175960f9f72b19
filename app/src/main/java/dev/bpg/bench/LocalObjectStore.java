package dev.bpg.bench;

import dev.bpg.config.StorageConfig;
import dev.bpg.local.LoopbackServers;
import dev.bpg.local.SparkRuntime;
import dev.bpg.storage.S3ObjectStore;
import io.dropwizard.util.DataSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * A real S3-protocol server on a loopback port for the demo and the tests: S3Proxy with its
 * filesystem backend (objects are files under the data directory), in a process of its own started
 * from the {@code local-objectstore} module's build, with one bucket. It can be stopped and started
 * again on the same port and data, as an outage.
 */
public final class LocalObjectStore implements AutoCloseable {
  public static final String BUCKET = "bpg";
  public static final String ACCESS_KEY = "local-access-key";
  public static final String SECRET_KEY = "local-secret-key";
  static final String CLASSPATH_FILE = "local-objectstore-classpath.txt";
  static final String MAIN_CLASS = "org.gaul.s3proxy.Main";

  private final Path dataDir;
  private final int port;
  private final String classpath;
  private Process process;

  private LocalObjectStore(Path dataDir, int port, String classpath) {
    this.dataDir = dataDir;
    this.port = port;
    this.classpath = classpath;
  }

  /** {@code local-objectstore/target} in the repository the gateway was built in. */
  public static Path defaultModuleTarget() {
    return SparkRuntime.repositoryRoot().resolve("local-objectstore").resolve("target");
  }

  /**
   * Starts the server on a free port, objects under {@code dataDir/objects}, and creates the
   * bucket.
   *
   * @throws IllegalStateException if the module has not been built or the server does not start
   */
  public static LocalObjectStore start(Path moduleTarget, Path dataDir)
      throws IOException, InterruptedException {
    Path classpathFile = moduleTarget.resolve(CLASSPATH_FILE);
    if (!Files.isRegularFile(classpathFile)) {
      throw new IllegalStateException(
          classpathFile + " is missing: build the local-objectstore module first (./bpg does)");
    }
    int port = LoopbackServers.freePort();
    LocalObjectStore store =
        new LocalObjectStore(dataDir, port, Files.readString(classpathFile).trim());
    store.resume();
    try (S3Client client = store.client()) {
      client.createBucket(request -> request.bucket(BUCKET));
    } catch (BucketAlreadyOwnedByYouException e) {
      // Its data directory held it from an earlier run.
    }
    return store;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** The gateway's storage configuration for this store. */
  public StorageConfig storageConfig(DataSize maxUploadSize) {
    return new StorageConfig(
        BUCKET,
        "uploads",
        "us-east-1",
        endpoint(),
        true,
        new StorageConfig.Credentials(ACCESS_KEY, SECRET_KEY),
        maxUploadSize);
  }

  /** A client of this store, for tests and set-up. */
  public S3Client client() {
    return S3ObjectStore.client(storageConfig(DataSize.mebibytes(800)));
  }

  /** Stops the server, as an outage: connections are refused until {@link #resume}. */
  public void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  /** Starts the server (again) on its port and data, and waits until it accepts connections. */
  public void resume() throws IOException, InterruptedException {
    Path objects = Files.createDirectories(dataDir.resolve("objects"));
    Path properties = dataDir.resolve("s3proxy.properties");
    Files.writeString(
        properties,
        String.join(
            "\n",
            "s3proxy.endpoint=" + endpoint(),
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + ACCESS_KEY,
            "s3proxy.credential=" + SECRET_KEY,
            "jclouds.provider=filesystem",
            "jclouds.identity=" + ACCESS_KEY,
            "jclouds.credential=" + SECRET_KEY,
            "jclouds.filesystem.basedir=" + objects,
            ""));
    // S3Proxy's jar has no logging configuration, and Logback's default logs every request of its
    // Jetty at DEBUG: about a megabyte a minute even while idle.
    Path logging = dataDir.resolve("s3proxy-logback.xml");
    Files.writeString(
        logging,
        """
        <configuration>
          <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
            <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
          </appender>
          <root level="WARN"><appender-ref ref="out"/></root>
        </configuration>
        """);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-Dlogback.configurationFile=" + logging);
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(classpath);
    command.add(MAIN_CLASS);
    command.add("--properties");
    command.add(properties.toString());
    Path log = dataDir.resolve("s3proxy.log");
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    LoopbackServers.awaitListening(
        process, port, Duration.ofSeconds(60), log, "the local object store");
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}

package dev.bpg.image;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bpg.image.LayerWriter.Layer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Builds the gateway's container image without a container engine: a base layer of Debian packages
 * ({@link DebianBase}) and a layer with the gateway's jar, written as an OCI image layout in one
 * tar file that also carries the {@code manifest.json} of {@code docker save}, so that {@code
 * podman load}, {@code docker load} and {@code skopeo copy oci-archive:...} all read it.
 */
public final class ImageBuilder {
  /** The user the gateway runs as: numeric, so that Kubernetes can check it is not root. */
  public static final int USER_ID = 10001;

  public static final int PORT = 8080;
  public static final String JAR = "/app/bpg.jar";
  public static final String CONFIG = "/etc/bpg/config.yaml";
  public static final String WORKING_DIR = "/var/lib/bpg";
  public static final String NAME = "batch-processing-gateway";

  /**
   * The JVM flags of {@code ./bpg}, for a container: the client compiler only, the runtime's own
   * class-data archive, the heap as a share of the container's memory, and an exit (so Kubernetes
   * restarts the pod) rather than a half-working JVM after an OutOfMemoryError.
   */
  public static final List<String> ENTRYPOINT =
      List.of(
          DebianBase.JAVA_HOME + "/bin/java",
          "-XX:TieredStopAtLevel=1",
          "-Xshare:auto",
          "-XX:MaxRAMPercentage=75.0",
          "-XX:+ExitOnOutOfMemoryError",
          "-Djava.io.tmpdir=/tmp",
          "-jar",
          JAR);

  public static final List<String> COMMAND = List.of("server", CONFIG);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
  private static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";
  private static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";

  /** What the image is built from and says of itself. */
  public record Spec(Path jar, String version, String revision, String source, Instant created) {
    public Spec {
      requireNonNull(jar, "jar is null");
      requireNonNull(version, "version is null");
      requireNonNull(revision, "revision is null");
      requireNonNull(source, "source is null");
      requireNonNull(created, "created is null");
    }
  }

  private ImageBuilder() {}

  /**
   * Writes {@code <output>/bpg-<version>.oci.tar}; Debian packages are kept in {@code
   * <output>/debs} for the next build.
   *
   * @return the archive's path
   */
  public static Path build(Spec spec, Path output) throws IOException, InterruptedException {
    Files.createDirectories(output);
    List<DebianBase.DebianPackage> packages = DebianBase.download(output.resolve("debs"));
    Layer base;
    try (LayerWriter layer = new LayerWriter(output.resolve("base.tar.gz"), spec.created())) {
      DebianBase.write(packages, layer, USER_ID);
      base = layer.finish();
    }
    Layer app;
    try (LayerWriter layer = new LayerWriter(output.resolve("app.tar.gz"), spec.created())) {
      layer.file(JAR.substring(1), spec.jar(), 0644);
      app = layer.finish();
    }
    byte[] config = JSON.writeValueAsBytes(configuration(spec, packages, List.of(base, app)));
    String configDigest = digest(config);
    byte[] manifest = JSON.writeValueAsBytes(manifest(spec, configDigest, config, base, app));
    String manifestDigest = digest(manifest);

    Path archive = output.resolve("bpg-" + spec.version() + ".oci.tar");
    Path partial = output.resolve(archive.getFileName() + ".partial");
    try (OutputStream file = Files.newOutputStream(partial);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(file, 10240, "UTF-8")) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      put(tar, spec, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes());
      put(tar, spec, "index.json", JSON.writeValueAsBytes(index(spec, manifestDigest, manifest)));
      put(
          tar,
          spec,
          "manifest.json",
          JSON.writeValueAsBytes(dockerManifest(spec, configDigest, base, app)));
      put(tar, spec, blob(configDigest), config);
      put(tar, spec, blob(manifestDigest), manifest);
      for (Layer layer : List.of(base, app)) {
        TarArchiveEntry entry = new TarArchiveEntry(blob(layer.digest()));
        entry.setSize(layer.size());
        entry.setModTime(spec.created().toEpochMilli());
        tar.putArchiveEntry(entry);
        try (InputStream in = Files.newInputStream(layer.file())) {
          in.transferTo(tar);
        }
        tar.closeArchiveEntry();
      }
    }
    Files.move(partial, archive, StandardCopyOption.REPLACE_EXISTING);
    Files.delete(base.file());
    Files.delete(app.file());
    return archive;
  }

  /** The image's name and tag, as {@code docker load} and {@code podman load} name it. */
  public static String reference(String version) {
    return NAME + ":" + version;
  }

  private static ObjectNode configuration(
      Spec spec, List<DebianBase.DebianPackage> packages, List<Layer> layers) {
    ObjectNode root = JSON.createObjectNode();
    root.put("created", spec.created().toString());
    root.put("architecture", "amd64");
    root.put("os", "linux");
    ObjectNode config = root.putObject("config");
    config.put("User", USER_ID + ":" + USER_ID);
    config.putObject("ExposedPorts").putObject(PORT + "/tcp");
    ArrayNode env = config.putArray("Env");
    env.add("PATH=" + DebianBase.JAVA_HOME + "/bin:/usr/local/bin:/usr/bin:/bin");
    env.add("JAVA_HOME=" + DebianBase.JAVA_HOME);
    env.add("LANG=C.UTF-8");
    ENTRYPOINT.forEach(config.putArray("Entrypoint")::add);
    COMMAND.forEach(config.putArray("Cmd")::add);
    config.put("WorkingDir", WORKING_DIR);
    config.put("StopSignal", "SIGTERM");
    ObjectNode volumes = config.putObject("Volumes");
    volumes.putObject("/tmp");
    volumes.putObject(WORKING_DIR);
    ObjectNode labels = config.putObject("Labels");
    labels(spec).forEach(labels::put);
    StringBuilder base = new StringBuilder();
    for (DebianBase.DebianPackage pkg : packages) {
      base.append(base.isEmpty() ? "" : ", ").append(pkg.name()).append(' ').append(pkg.version());
    }
    labels.put("dev.bpg.base.packages", base.toString());
    ObjectNode rootfs = root.putObject("rootfs");
    rootfs.put("type", "layers");
    ArrayNode diffIds = rootfs.putArray("diff_ids");
    layers.forEach(layer -> diffIds.add(layer.diffId()));
    ArrayNode history = root.putArray("history");
    history
        .addObject()
        .put("created", spec.created().toString())
        .put("created_by", "bpg image: the files of Debian packages " + base);
    history
        .addObject()
        .put("created", spec.created().toString())
        .put("created_by", "bpg image: COPY bpg.jar " + JAR);
    return root;
  }

  static Map<String, String> labels(Spec spec) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("org.opencontainers.image.title", "Batch Processing Gateway");
    labels.put(
        "org.opencontainers.image.description",
        "One REST endpoint in front of many Kubernetes clusters running Apache Spark");
    labels.put("org.opencontainers.image.version", spec.version());
    labels.put("org.opencontainers.image.revision", spec.revision());
    labels.put("org.opencontainers.image.source", spec.source());
    labels.put("org.opencontainers.image.created", spec.created().toString());
    labels.put("org.opencontainers.image.licenses", "Apache-2.0");
    return labels;
  }

  private static ObjectNode manifest(
      Spec spec, String configDigest, byte[] config, Layer base, Layer app) {
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MANIFEST_TYPE);
    manifest
        .putObject("config")
        .put("mediaType", CONFIG_TYPE)
        .put("digest", configDigest)
        .put("size", config.length);
    ArrayNode layers = manifest.putArray("layers");
    for (Layer layer : List.of(base, app)) {
      layers
          .addObject()
          .put("mediaType", LAYER_TYPE)
          .put("digest", layer.digest())
          .put("size", layer.size());
    }
    ObjectNode annotations = manifest.putObject("annotations");
    labels(spec).forEach(annotations::put);
    return manifest;
  }

  private static ObjectNode index(Spec spec, String manifestDigest, byte[] manifest) {
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", "application/vnd.oci.image.index.v1+json");
    ObjectNode entry = index.putArray("manifests").addObject();
    entry.put("mediaType", MANIFEST_TYPE);
    entry.put("digest", manifestDigest);
    entry.put("size", manifest.length);
    entry
        .putObject("annotations")
        .put("org.opencontainers.image.ref.name", spec.version())
        .put("io.containerd.image.name", "docker.io/library/" + reference(spec.version()));
    return index;
  }

  private static ArrayNode dockerManifest(Spec spec, String configDigest, Layer base, Layer app) {
    ArrayNode manifests = JSON.createArrayNode();
    ObjectNode manifest = manifests.addObject();
    manifest.put("Config", blob(configDigest));
    manifest.putArray("RepoTags").add(reference(spec.version()));
    ArrayNode layers = manifest.putArray("Layers");
    layers.add(blob(base.digest()));
    layers.add(blob(app.digest()));
    return manifests;
  }

  private static void put(TarArchiveOutputStream tar, Spec spec, String name, byte[] content)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    entry.setModTime(spec.created().toEpochMilli());
    tar.putArchiveEntry(entry);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  static String blob(String digest) {
    return "blobs/sha256/" + digest.substring("sha256:".length());
  }

  static String digest(byte[] content) {
    return "sha256:" + HexFormat.of().formatHex(LayerWriter.sha256().digest(content));
  }
}

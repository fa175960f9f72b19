package dev.bpg.image;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The image's base: the files of a few Debian packages (the C library, zlib, the Java 17 runtime
 * and the CA certificates), taken from the packages themselves with {@code apt-get download} and
 * {@code dpkg-deb}, without installing them, without a shell or a package manager in the image.
 * What the packages' install scripts would make and the gateway needs is made here: the Java trust
 * store of the CA certificates, the users and the directories.
 */
final class DebianBase {
  /** The packages, in the order their files are written. */
  static final List<String> PACKAGES =
      List.of(
          "libc6",
          "libgcc-s1",
          "libstdc++6",
          "zlib1g",
          "ca-certificates",
          "openjdk-17-jre-headless");

  static final String JAVA_HOME = "/usr/lib/jvm/java-17-openjdk-amd64";

  /** One downloaded package. */
  record DebianPackage(String name, String version, Path file) {}

  private DebianBase() {}

  /**
   * The packages' files in {@code cache}, downloaded when missing (a package of another version
   * than the one apt offers now is downloaded again).
   */
  static List<DebianPackage> download(Path cache) throws IOException, InterruptedException {
    Files.createDirectories(cache);
    List<DebianPackage> packages = new ArrayList<>();
    for (String name : PACKAGES) {
      String version = candidate(name);
      Path file = find(cache, name, version);
      if (file == null) {
        run(cache, List.of("apt-get", "download", "-q", name + "=" + version));
        file = find(cache, name, version);
        if (file == null) {
          throw new IOException(
              "apt-get download " + name + "=" + version + " wrote no package in " + cache);
        }
      }
      packages.add(new DebianPackage(name, version, file));
    }
    return packages;
  }

  /**
   * Writes the packages' files, then what their install scripts would have made, into the layer.
   */
  static void write(List<DebianPackage> packages, LayerWriter layer, int userId)
      throws IOException, InterruptedException {
    List<byte[]> certificates = new ArrayList<>();
    for (DebianPackage pkg : packages) {
      Process process =
          new ProcessBuilder("dpkg-deb", "--fsys-tarfile", pkg.file().toString())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      try (TarArchiveInputStream tar = new TarArchiveInputStream(process.getInputStream())) {
        layer.copy(
            tar,
            (path, content) -> {
              if (path.startsWith("usr/share/ca-certificates/") && path.endsWith(".crt")) {
                certificates.add(content);
              }
            });
      }
      if (process.waitFor() != 0) {
        throw new IOException("dpkg-deb could not read " + pkg.file());
      }
    }
    layer.file("etc/ssl/certs/java/cacerts", trustStore(certificates), 0644);
    layer.file(
        "etc/passwd",
        ("root:x:0:0:root:/root:/usr/sbin/nologin\n"
                + "bpg:x:%d:%d:Batch Processing Gateway:/var/lib/bpg:/usr/sbin/nologin\n")
            .formatted(userId, userId)
            .getBytes(StandardCharsets.UTF_8),
        0644);
    layer.file(
        "etc/group",
        "root:x:0:\nbpg:x:%d:\n".formatted(userId).getBytes(StandardCharsets.UTF_8),
        0644);
    layer.file("etc/nsswitch.conf", "hosts: files dns\n".getBytes(StandardCharsets.UTF_8), 0644);
    StringBuilder list = new StringBuilder();
    for (DebianPackage pkg : packages) {
      list.append(pkg.name()).append(' ').append(pkg.version()).append('\n');
    }
    layer.file(
        "usr/share/bpg/base-packages.txt", list.toString().getBytes(StandardCharsets.UTF_8), 0644);
    layer.directory("tmp", 01777, 0);
    // Where a container runtime mounts the process and system file systems and the devices.
    layer.directory("proc", 0555, 0);
    layer.directory("sys", 0555, 0);
    layer.directory("dev", 0755, 0);
    layer.directory("etc/bpg", 0755, 0);
    layer.directory("var/lib/bpg", 0750, userId);
  }

  /**
   * The Java trust store that Debian's ca-certificates-java would build from these certificates: a
   * PKCS12 file with password {@code changeit}, which the runtime's {@code lib/security/cacerts}
   * links to.
   */
  static byte[] trustStore(List<byte[]> certificates) throws IOException {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      int n = 0;
      for (byte[] pem : certificates) {
        for (Certificate certificate :
            factory.generateCertificates(new ByteArrayInputStream(pem))) {
          store.setCertificateEntry("debian-" + (n++), certificate);
        }
      }
      if (n == 0) {
        throw new IOException("the ca-certificates package had no certificate");
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      store.store(out, "changeit".toCharArray());
      return out.toByteArray();
    } catch (CertificateException e) {
      throw new IOException("a CA certificate could not be read", e);
    } catch (GeneralSecurityException e) {
      throw new IOException("the trust store could not be written", e);
    }
  }

  /** The version apt would install now. */
  private static String candidate(String name) throws IOException, InterruptedException {
    String out = run(null, List.of("apt-cache", "policy", name));
    for (String line : out.split("\n")) {
      String trimmed = line.trim();
      if (trimmed.startsWith("Candidate:")) {
        String version = trimmed.substring("Candidate:".length()).trim();
        if (!version.isEmpty() && !version.equals("(none)")) {
          return version;
        }
      }
    }
    throw new IOException(
        "apt knows no package "
            + name
            + " (./bpg image assembles the image from Debian packages: run apt-get update first)");
  }

  /** The downloaded file of this package and version; apt writes {@code :} as {@code %3a}. */
  private static Path find(Path cache, String name, String version) throws IOException {
    String prefix = name + "_" + version.replace(":", "%3a");
    try (Stream<Path> files = Files.list(cache)) {
      return files
          .filter(f -> f.getFileName().toString().startsWith(prefix + "_"))
          .filter(f -> f.getFileName().toString().endsWith(".deb"))
          .findFirst()
          .orElse(null);
    }
  }

  private static String run(Path directory, List<String> command)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (directory != null) {
      builder.directory(directory.toFile());
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IOException(
          command.get(0)
              + " is not available: ./bpg image assembles the image from Debian packages and"
              + " needs apt and dpkg (Debian or Ubuntu)",
          e);
    }
    String out;
    try (InputStream in = process.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed:\n" + out.strip());
    }
    return out;
  }
}

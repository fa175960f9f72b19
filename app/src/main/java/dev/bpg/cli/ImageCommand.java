package dev.bpg.cli;

import dev.bpg.image.ImageBuilder;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;
import java.util.zip.ZipFile;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code ./bpg image}: builds the gateway's container image from this jar and Debian packages,
 * without a container engine, and prints the path of the image archive.
 */
final class ImageCommand extends Command {
  ImageCommand() {
    super("image", "Builds the gateway's container image (an OCI archive) and prints its path");
  }

  @Override
  public void configure(Subparser subparser) {
    subparser
        .addArgument("--output")
        .setDefault("target/image")
        .help("the directory of the archive (default: target/image)");
    subparser.addArgument("--jar").help("the gateway's jar (default: the jar running this)");
    subparser
        .addArgument("--revision")
        .help("the git commit the image is built from (default: the one the jar was built from)");
    subparser
        .addArgument("--created")
        .help(
            "the image's creation time, seconds since 1970 (default: SOURCE_DATE_EPOCH, else now):"
                + " the same inputs and time give the same image");
    subparser
        .addArgument("--source")
        .setDefault("unknown")
        .help("the URL of the source repository, for the image's label");
  }

  @Override
  public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
    Path jar =
        namespace.getString("jar") != null ? Path.of(namespace.getString("jar")) : runningJar();
    Properties build = buildProperties(jar);
    String created = namespace.getString("created");
    if (created == null) {
      created = System.getenv("SOURCE_DATE_EPOCH");
    }
    ImageBuilder.Spec spec =
        new ImageBuilder.Spec(
            jar,
            build.getProperty("version", "unknown"),
            namespace.getString("revision") != null
                ? namespace.getString("revision")
                : build.getProperty("gitCommit", "unknown"),
            namespace.getString("source"),
            created == null || created.isBlank()
                ? Instant.now()
                : Instant.ofEpochSecond(Long.parseLong(created.trim())));
    Path archive = ImageBuilder.build(spec, Path.of(namespace.getString("output")));
    System.err.println(
        "Built "
            + ImageBuilder.reference(spec.version())
            + " (load it with: podman load -i "
            + archive
            + ", or push it with: skopeo copy oci-archive:"
            + archive
            + " docker://REGISTRY/bpg:"
            + spec.version()
            + ")");
    System.out.println(archive.toAbsolutePath());
  }

  private static Path runningJar() throws URISyntaxException {
    Path location =
        Path.of(ImageCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (!Files.isRegularFile(location)) {
      throw new IllegalArgumentException(
          "not running from the gateway's jar: give it with --jar app/target/bpg.jar");
    }
    return location;
  }

  private static Properties buildProperties(Path jar) throws IOException {
    Properties properties = new Properties();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      var entry = zip.getEntry("bpg-version.properties");
      if (entry == null) {
        throw new IllegalArgumentException(jar + " is not the gateway's jar");
      }
      try (InputStream in = zip.getInputStream(entry)) {
        properties.load(in);
      }
    }
    return properties;
  }
}

package dev.bpg.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The files a spec names, as files of this machine for a local run: {@code local://}, {@code
 * file://} and plain paths, a Spark image's examples jar (the project's own), and objects of the
 * local clusters' object store ({@code s3a://}, fetched first).
 */
final class SpecFiles {
  /**
   * The path of the Spark examples jar in the images of the AWS blog and of EMR, and a pattern for
   * the others.
   */
  static final String BLOG_EXAMPLES_JAR = "local:///usr/lib/spark/examples/jars/spark-examples.jar";

  private static final Pattern EXAMPLES_JAR =
      Pattern.compile(".*/examples/jars/spark-examples[^/]*\\.jar");

  private SpecFiles() {}

  /**
   * A file the spec names, on this machine: {@code local://} and {@code file://} URIs and plain
   * paths. The examples jar of a Spark image ({@value #BLOG_EXAMPLES_JAR} and the like) is the
   * project's own.
   */
  static Path localFile(String field, String value, SparkRuntime runtime)
      throws InvalidSpecException {
    return localFile(field, value, runtime, RemoteFiles.none());
  }

  /** The same, and {@code s3a://} or {@code s3://} objects fetched from the object store. */
  static Path localFile(String field, String value, SparkRuntime runtime, RemoteFiles remote)
      throws InvalidSpecException {
    Path path;
    String scheme;
    try {
      URI uri = new URI(value);
      scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (scheme.equals("local") || scheme.equals("file")) {
        if (uri.getPath() == null
            || uri.getPath().isEmpty()
            || (uri.getAuthority() != null
                && !uri.getAuthority().isEmpty()
                && !uri.getAuthority().equals("localhost"))) {
          throw new InvalidSpecException(
              "invalid " + field + " '" + value + "': expected " + scheme + ":///absolute/path");
        }
        if (scheme.equals("local") && EXAMPLES_JAR.matcher(uri.getPath()).matches()) {
          return runtime.examplesJar();
        }
        path = Path.of(uri.getPath());
      } else if (scheme.isEmpty()) {
        path = Path.of(value).toAbsolutePath();
      } else if (scheme.equals("s3a") || scheme.equals("s3")) {
        try {
          return remote.fetch(uri);
        } catch (IOException e) {
          throw new InvalidSpecException(field + " '" + value + "': " + e.getMessage());
        }
      } else {
        throw new InvalidSpecException(
            "invalid "
                + field
                + " '"
                + value
                + "': the local clusters read only"
                + " local:// and file:// paths on this machine, and s3a:// objects of their"
                + " object store");
      }
    } catch (URISyntaxException | InvalidPathException e) {
      throw new InvalidSpecException("invalid " + field + " '" + value + "': " + e.getMessage());
    }
    if (!Files.isRegularFile(path)) {
      throw new InvalidSpecException(
          field + " '" + value + "': " + path + " does not exist on this machine");
    }
    return path;
  }

  static List<Path> localFiles(String field, JsonNode values, LocalSparkSettings settings)
      throws InvalidSpecException {
    List<Path> paths = new ArrayList<>();
    for (JsonNode value : values) {
      paths.add(localFile(field, value.asText(), settings.runtime(), settings.remoteFiles()));
    }
    return paths;
  }
}

package dev.bpg.server;

import dev.bpg.http.dto.VersionInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version, git commit and build time that the build wrote into {@code bpg-version.properties}.
 */
final class BuildInfo {
  private BuildInfo() {}

  static VersionInfo read() {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/bpg-version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // Fall through to the defaults: the version is informative only.
    }
    return new VersionInfo(
        properties.getProperty("version", "unknown"),
        properties.getProperty("gitCommit", "unknown"),
        properties.getProperty("buildTime", "unknown"));
  }
}

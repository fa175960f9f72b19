package dev.bpg.config;

import java.time.Duration;

/** The JDBC database that keeps submissions and their history. */
public record DatabaseConfig(
    String url, String user, String password, Integer poolSize, Duration connectionTimeout) {

  public static final String DEFAULT_URL = "jdbc:h2:file:./data/bpg";

  public DatabaseConfig {
    url = url == null ? DEFAULT_URL : url;
    user = user == null ? "" : user;
    password = password == null ? "" : password;
    poolSize = poolSize == null ? 8 : poolSize;
    connectionTimeout = connectionTimeout == null ? Duration.ofSeconds(5) : connectionTimeout;
  }

  public static DatabaseConfig defaults() {
    return new DatabaseConfig(null, null, null, null, null);
  }

  @Override
  public String toString() {
    return "DatabaseConfig[url="
        + url
        + ", user="
        + user
        + ", password=***, poolSize="
        + poolSize
        + "]";
  }
}

package dev.bpg.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

/**
 * Where the gateway is and who calls it: from the flags, else the environment ({@code BPG_URL} with
 * the context path, {@code BPG_USER}, {@code BPG_PASSWORD}, {@code BPG_TOKEN}), else a profile of
 * {@code ~/.config/bpg/config.yaml}; a password missing there is asked for on a terminal. A
 * password is never a flag: it would show in the shell's history and in {@code ps}.
 *
 * @param token a bearer token (an API token or an OIDC access token), used instead of a user
 */
record Connection(
    URI url, Optional<String> user, Optional<String> password, Optional<String> token) {
  static final String DEFAULT_URL = "http://127.0.0.1:8080/skatev2";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /**
   * @param flagUrl {@code --url}, or null
   * @param flagUser {@code --user}, or null
   * @param flagProfile {@code --profile}, or null
   */
  static Connection resolve(
      String flagUrl, String flagUser, String flagProfile, ClientEnvironment environment) {
    JsonNode profile = profile(flagProfile, environment);
    String url =
        first(flagUrl, environment.variable("BPG_URL"), text(profile, "url")).orElse(DEFAULT_URL);
    Optional<String> user =
        first(flagUser, environment.variable("BPG_USER"), text(profile, "user"));
    Optional<String> token = first(null, environment.variable("BPG_TOKEN"), text(profile, "token"));
    Optional<String> password = Optional.empty();
    // A user named on the command line wins over a token; otherwise a token wins over a user.
    if (user.isPresent() && (flagUser != null || token.isEmpty())) {
      token = Optional.empty();
      password = first(null, environment.variable("BPG_PASSWORD"), text(profile, "password"));
      if (password.isEmpty()) {
        password = ask(user.get(), url, environment);
      }
    } else {
      user = Optional.empty();
    }
    URI uri;
    try {
      uri = URI.create(url.replaceAll("/+$", ""));
    } catch (IllegalArgumentException e) {
      throw ClientException.usage("the gateway's URL is not a URL: " + url);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw ClientException.usage(
          "the gateway's URL must start with http:// or https://, with the context path (such as "
              + DEFAULT_URL
              + "): "
              + url);
    }
    return new Connection(uri, user, password, token);
  }

  private static Optional<String> ask(String user, String url, ClientEnvironment environment) {
    if (environment.prompt().isEmpty()) {
      throw ClientException.usage(
          "no password for user "
              + user
              + ": set BPG_PASSWORD, put it in a profile of "
              + configFile(environment)
              + ", or run on a terminal to be asked");
    }
    char[] typed = environment.prompt().get().apply("Password for " + user + " at " + url + ": ");
    return typed == null ? Optional.empty() : Optional.of(new String(typed));
  }

  /** The profile named by the flag, {@code BPG_PROFILE} or the file's {@code current}; or none. */
  private static JsonNode profile(String flagProfile, ClientEnvironment environment) {
    Path file = configFile(environment);
    Optional<String> wanted = first(flagProfile, environment.variable("BPG_PROFILE"));
    if (!Files.isRegularFile(file)) {
      if (wanted.isPresent()) {
        throw ClientException.usage("no profile " + wanted.get() + ": " + file + " does not exist");
      }
      return YAML.createObjectNode();
    }
    JsonNode config;
    try {
      config = YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw ClientException.usage("cannot read " + file + ": " + e.getMessage());
    }
    Optional<String> name = wanted.or(() -> text(config, "current"));
    if (name.isEmpty()) {
      return YAML.createObjectNode();
    }
    JsonNode profile = config == null ? null : config.path("profiles").get(name.get());
    if (profile == null || !profile.isObject()) {
      throw ClientException.usage("no profile " + name.get() + " in " + file);
    }
    return profile;
  }

  static Path configFile(ClientEnvironment environment) {
    return environment
        .variable("BPG_CONFIG")
        .map(Path::of)
        .orElseGet(
            () ->
                environment
                    .variable("XDG_CONFIG_HOME")
                    .map(Path::of)
                    .orElse(environment.home().resolve(".config"))
                    .resolve("bpg")
                    .resolve("config.yaml"));
  }

  private static Optional<String> text(JsonNode node, String field) {
    return node == null || !node.hasNonNull(field)
        ? Optional.empty()
        : Optional.of(node.get(field).asText()).filter(value -> !value.isBlank());
  }

  @SafeVarargs
  private static Optional<String> first(String flag, Optional<String>... others) {
    if (flag != null && !flag.isBlank()) {
      return Optional.of(flag);
    }
    for (Optional<String> other : others) {
      if (other.isPresent()) {
        return other;
      }
    }
    return Optional.empty();
  }

  /** The Authorization header's value, if any. */
  Optional<String> authorization() {
    if (token.isPresent()) {
      return Optional.of("Bearer " + token.get());
    }
    return user.map(
        name ->
            "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (name + ":" + password.orElse("")).getBytes(StandardCharsets.UTF_8)));
  }
}

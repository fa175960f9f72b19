package dev.bpg.config;

import java.util.List;
import java.util.Optional;

/**
 * Who may call the gateway. Users authenticate with HTTP Basic against a password hash; {@code
 * allowedUsers} ({@code *} for all) and {@code blockedUsers} filter them; {@code adminUsers} may
 * read and kill every submission. {@code delegatingUsers} (such as a scheduler's system account)
 * may name the user they submit for with the {@code dagUser} query parameter. {@code
 * trustedUserHeader}, when set, names a header (the reference uses {@code User-Account}) that
 * identifies the caller without a password: only for a gateway behind a proxy that authenticates
 * and sets it, and only from the addresses {@code trustedProxies} lists (CIDRs: a header from
 * anyone else is ignored). {@code failedLogins} throttles failed logins. {@code queueTokenSecrets}
 * sign the queue tokens of secure queues (several, so that one can be rotated out); a delegating
 * user may name an admin as {@code dagUser} only with {@code delegationToAdmins}.
 */
public record AuthConfig(
    List<UserConfig> users,
    List<String> allowedUsers,
    List<String> blockedUsers,
    List<String> adminUsers,
    List<String> delegatingUsers,
    String trustedUserHeader,
    List<String> queueTokenSecrets,
    Boolean delegationToAdmins,
    List<String> trustedProxies,
    FailedLoginsConfig failedLogins,
    List<ApiTokenConfig> apiTokens,
    OidcConfig oidc) {

  public AuthConfig {
    users = users == null ? List.of() : List.copyOf(users);
    allowedUsers = allowedUsers == null ? List.of("*") : List.copyOf(allowedUsers);
    blockedUsers = blockedUsers == null ? List.of() : List.copyOf(blockedUsers);
    adminUsers = adminUsers == null ? List.of() : List.copyOf(adminUsers);
    delegatingUsers =
        delegatingUsers == null ? List.of("airflow_system_account") : List.copyOf(delegatingUsers);
    queueTokenSecrets = queueTokenSecrets == null ? List.of() : List.copyOf(queueTokenSecrets);
    delegationToAdmins = delegationToAdmins != null && delegationToAdmins;
    trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    failedLogins = failedLogins == null ? FailedLoginsConfig.DEFAULTS : failedLogins;
    apiTokens = apiTokens == null ? List.of() : List.copyOf(apiTokens);
  }

  public Optional<OidcConfig> findOidc() {
    return Optional.ofNullable(oidc);
  }

  @Override
  public String toString() {
    // Password hashes and token secrets are credentials: never print them.
    return "AuthConfig[users="
        + users.stream().map(UserConfig::name).toList()
        + ", adminUsers="
        + adminUsers
        + ", delegatingUsers="
        + delegatingUsers
        + ", queueTokenSecrets="
        + queueTokenSecrets.size()
        + "]";
  }

  /** This configuration with these API tokens and this identity provider (null for none). */
  public AuthConfig withBearer(List<ApiTokenConfig> tokens, OidcConfig provider) {
    return new AuthConfig(
        users,
        allowedUsers,
        blockedUsers,
        adminUsers,
        delegatingUsers,
        trustedUserHeader,
        queueTokenSecrets,
        delegationToAdmins,
        trustedProxies,
        failedLogins,
        tokens,
        provider);
  }

  public static AuthConfig empty() {
    return new AuthConfig(null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /**
   * A user and the hash of their password ({@code pbkdf2-sha256$...} or bcrypt {@code $2a$...}).
   */
  public record UserConfig(String name, String passwordHash) {
    @Override
    public String toString() {
      return "UserConfig[name=" + name + "]";
    }
  }
}

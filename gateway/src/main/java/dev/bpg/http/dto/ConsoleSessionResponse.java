package dev.bpg.http.dto;

/**
 * The console's session: who is signed in, whether they are an admin, the CSRF token its script
 * sends with every request that changes anything, and when the session ends (epoch milliseconds).
 * {@code proxy} says the user was named by a trusted proxy (the trusted user header) instead: no
 * session, no token and no expiry of the gateway's, and signing out is the proxy's business.
 */
public record ConsoleSessionResponse(
    String user, boolean admin, String csrfToken, long expiresAt, boolean proxy) {}

package dev.bpg.http.dto;

/**
 * The console's session: who is signed in, whether they are an admin, the CSRF token its script
 * sends with every request that changes anything, and when the session ends (epoch milliseconds).
 */
public record ConsoleSessionResponse(
    String user, boolean admin, String csrfToken, long expiresAt) {}

package dev.bpg.http.dto;

/**
 * Every error answer: {@code code} is the HTTP status (as in Apple's gateway), {@code error} a
 * stable symbolic code to program against, {@code message} for people, and the request ID to quote
 * (also in the {@code X-Request-Id} header).
 */
public record ErrorResponse(int code, String error, String message, String requestId) {}

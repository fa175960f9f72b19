package dev.bpg.http.dto;

/** Every error answer: a stable code, a message for people, and the request ID to quote. */
public record ErrorResponse(String code, String message, String requestId) {}

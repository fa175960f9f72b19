package dev.bpg.http.dto;

public record SubmitApplicationResponse(String submissionId) {}

package dev.bpg.http.dto;

public record DeleteSubmissionResponse(String submissionId) {}

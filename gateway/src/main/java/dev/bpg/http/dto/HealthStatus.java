package dev.bpg.http.dto;

public record HealthStatus(String status) {}

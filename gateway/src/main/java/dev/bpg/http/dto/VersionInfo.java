package dev.bpg.http.dto;

public record VersionInfo(String version, String gitCommit, String buildTime) {}

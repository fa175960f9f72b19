package dev.bpg.submission;

import java.time.Instant;

/** A Kubernetes event about an application or its driver pod. */
public record ClusterEvent(Instant lastTimestamp, String type, String reason, String message) {}

package dev.bpg.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The driver pod: its name and start time in epoch milliseconds; both absent when there is none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DriverInfo(String podName, Long startTime) {}

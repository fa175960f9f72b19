package dev.bpg.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The answer to {@code POST /spark?dryRun=true}: what the gateway would do with the request after
 * every check, without recording or creating anything. {@code sparkApplication} is the resource it
 * would create (environment variables left out, secret settings masked); its name is only an
 * example of the submission IDs the gateway gives.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DryRunResponse(
    boolean dryRun,
    String owner,
    String queue,
    String clusterId,
    String routing,
    List<String> eligibleClusters,
    Map<String, String> excludedClusters,
    boolean wouldBeQueued,
    String queuedBecause,
    JsonNode sparkApplication) {}

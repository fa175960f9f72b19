package dev.bpg.http;

import dev.bpg.http.dto.HealthStatus;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The reference gateway's liveness answer, used by existing Docker health checks. */
@Path("/healthcheck")
public final class HealthResource {
  private static final HealthStatus OK = new HealthStatus("OK");

  @GET
  @Path("/status")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "healthcheckStatus",
      tags = "Health Check",
      summary = "OK while the gateway serves requests")
  public HealthStatus status() {
    return OK;
  }
}

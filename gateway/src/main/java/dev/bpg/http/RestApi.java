package dev.bpg.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpg.artifact.Uploads;
import dev.bpg.config.GatewayConfiguration;
import dev.bpg.http.dto.VersionInfo;
import dev.bpg.metrics.GatewayMetrics;
import dev.bpg.submission.ClusterClients;
import dev.bpg.submission.KillService;
import dev.bpg.submission.SubmissionQueries;
import dev.bpg.submission.SubmissionService;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import io.swagger.v3.jaxrs2.integration.resources.OpenApiResource;
import io.swagger.v3.oas.integration.SwaggerConfiguration;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.glassfish.jersey.server.ServerProperties;

/**
 * Puts the REST interface on Jersey: filters, error mappers, resources and the OpenAPI document.
 */
public final class RestApi {
  private RestApi() {}

  public static void register(
      JerseyEnvironment jersey,
      GatewayConfiguration config,
      Authenticator authenticator,
      SubmissionService submissions,
      KillService kills,
      SubmissionQueries queries,
      ClusterClients clusters,
      ClusterOverview overview,
      GatewayMetrics metrics,
      ObjectMapper json,
      VersionInfo version,
      Optional<Uploads> uploads,
      ArchivedLogs archivedLogs,
      Optional<ConsoleSessions> console,
      Clock clock) {
    long maxBytes = config.api().maxRequestBodySize().toBytes();
    jersey.setUrlPattern(config.api().contextPath() + "/*");
    // Jersey holds the first 8 KiB of an answer to compute its Content-Length and ignores flush()
    // until then, so a followed log showed nothing until the pod ended. Jetty's own buffer still
    // gives a complete answer its Content-Length.
    jersey.property(ServerProperties.OUTBOUND_CONTENT_LENGTH_BUFFER, 0);
    jersey.register(new RequestMetrics(metrics));
    jersey.register(new BodySizeLimit(maxBytes, config.storage().maxUploadSize().toBytes()));
    jersey.register(new AuthFilter(authenticator, console));
    jersey.register(new UnreadBodies(maxBytes));
    jersey.register(new ErrorMappers.Gateway());
    jersey.register(new ErrorMappers.WebApplication());
    jersey.register(new ErrorMappers.Unexpected());
    Views views = new Views(clusters, clock, json);
    RateLimits limits = new RateLimits(config.api().rateLimits(), clock, metrics);
    jersey.register(
        new SparkResource(
            submissions, kills, queries, new RequestBodies(maxBytes, json), views, json, limits));
    jersey.register(new SubmissionsResource(queries, views));
    jersey.register(new LogResource(queries, archivedLogs, limits));
    jersey.register(new AdminResource(queries, version, views, overview, json));
    jersey.register(new HealthResource());
    jersey.register(new S3Resource(uploads));
    console.ifPresent(
        sessions ->
            jersey.register(
                new SessionResource(sessions, authenticator, config.api().contextPath(), clock)));
    registerOpenApi(jersey, config.api().contextPath(), version);
  }

  private static void registerOpenApi(
      JerseyEnvironment jersey, String contextPath, VersionInfo version) {
    OpenAPI api =
        new OpenAPI()
            .info(
                new Info()
                    .title("Batch Processing Gateway")
                    .description(
                        "One REST endpoint in front of many Kubernetes clusters running Apache"
                            + " Spark.")
                    .version(version.version())
                    .license(
                        new License()
                            .name("Apache-2.0")
                            .url("https://www.apache.org/licenses/LICENSE-2.0")))
            .servers(List.of(new Server().url(contextPath)))
            .components(
                new Components()
                    .addSecuritySchemes(
                        "basic",
                        new SecurityScheme()
                            .type(SecurityScheme.Type.HTTP)
                            .scheme("basic")
                            .description("auth.users: a name and password"))
                    .addSecuritySchemes(
                        "bearer",
                        new SecurityScheme()
                            .type(SecurityScheme.Type.HTTP)
                            .scheme("bearer")
                            .description(
                                "an API token (auth.apiTokens) or an OpenID Connect JWT"
                                    + " (auth.oidc)")))
            // Either scheme: two requirements are alternatives.
            .security(
                List.of(
                    new SecurityRequirement().addList("basic"),
                    new SecurityRequirement().addList("bearer")));
    SwaggerConfiguration swagger =
        new SwaggerConfiguration()
            .openAPI(api)
            .prettyPrint(true)
            .readAllResources(false)
            .resourcePackages(Set.of(RestApi.class.getPackageName()))
            .resourceClasses(
                Set.of(
                    SparkResource.class.getName(),
                    LogResource.class.getName(),
                    AdminResource.class.getName(),
                    HealthResource.class.getName(),
                    SubmissionsResource.class.getName(),
                    S3Resource.class.getName(),
                    OpenApiContract.class.getName()));
    jersey.register(new OpenApiResource().openApiConfiguration(swagger));
  }
}

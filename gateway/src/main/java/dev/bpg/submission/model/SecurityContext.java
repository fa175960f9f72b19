package dev.bpg.submission.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The container security settings a request may set; all are fields of Kubernetes' SecurityContext.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SecurityContext(
    Boolean privileged,
    Long runAsUser,
    Long runAsGroup,
    Boolean runAsNonRoot,
    Boolean allowPrivilegeEscalation,
    Boolean readOnlyRootFilesystem) {}

package dev.bpg.local;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * The Kubeflow Spark operator's {@code SparkApplication} custom resource, as the local clusters
 * serve it.
 */
final class SparkApplicationResource {

  static final String GROUP = "sparkoperator.k8s.io";
  static final String VERSION = "v1beta2";
  static final String API_VERSION = GROUP + "/" + VERSION;
  static final String KIND = "SparkApplication";
  static final String PLURAL = "sparkapplications";
  static final String SINGULAR = "sparkapplication";
  static final String SHORT_NAME = "sparkapp";

  /**
   * How clients address the resource. Explicit, because without it fabric8 asks the server's
   * discovery, which knows the resource only once the CRD is registered.
   */
  static final ResourceDefinitionContext CONTEXT =
      new ResourceDefinitionContext.Builder()
          .withGroup(GROUP)
          .withVersion(VERSION)
          .withKind(KIND)
          .withPlural(PLURAL)
          .withNamespaced(true)
          .build();

  private SparkApplicationResource() {}

  /**
   * The CRD. The status subresource is on, as in the operator's chart: the API server then ignores
   * status in creates and main-resource updates, and spec in status updates.
   */
  static CustomResourceDefinition definition() {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName(PLURAL + "." + GROUP)
        .endMetadata()
        .withNewSpec()
        .withGroup(GROUP)
        .withScope("Namespaced")
        .withNewNames()
        .withKind(KIND)
        .withListKind(KIND + "List")
        .withPlural(PLURAL)
        .withSingular(SINGULAR)
        .withShortNames(SHORT_NAME)
        .endNames()
        .addNewVersion()
        .withName(VERSION)
        .withServed(true)
        .withStorage(true)
        .withNewSubresources()
        .withNewStatus()
        .endStatus()
        .endSubresources()
        .withNewSchema()
        .withOpenAPIV3Schema(
            new JSONSchemaPropsBuilder()
                .withType("object")
                .withXKubernetesPreserveUnknownFields(true)
                .build())
        .endSchema()
        .endVersion()
        .endSpec()
        .build();
  }
}

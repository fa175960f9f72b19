package dev.bpg.local;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

/** Identifies one {@code SparkApplication} object: a name reused after a delete gets a new uid. */
record ApplicationRef(String namespace, String name, String uid) {

  ApplicationRef {
    requireNonNull(namespace, "namespace is null");
    requireNonNull(name, "name is null");
    requireNonNull(uid, "uid is null");
  }

  static ApplicationRef of(GenericKubernetesResource application) {
    return new ApplicationRef(
        application.getMetadata().getNamespace(),
        application.getMetadata().getName(),
        application.getMetadata().getUid());
  }

  String driverPodName() {
    return name + "-driver";
  }

  String executorPodName(int index) {
    return name + "-exec-" + index;
  }

  OwnerReference asOwner() {
    return new OwnerReferenceBuilder()
        .withApiVersion(SparkApplicationResource.API_VERSION)
        .withKind(SparkApplicationResource.KIND)
        .withName(name)
        .withUid(uid)
        .withController(true)
        .build();
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}

package dev.bpg.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LocalClusterSpecTest {

  @Test
  void acceptsTheUsualIdsAndNamespaces() {
    LocalClusterSpec spec = new LocalClusterSpec("spark-cluster-a", "spark-operator", 0);

    assertThat(spec.id()).isEqualTo("spark-cluster-a");
    assertThat(new LocalClusterSpec("EKS_cluster.1", "default", 65_535).port()).isEqualTo(65_535);
  }

  @Test
  void rejectsWhatCannotNameAContextANamespaceOrAPort() {
    assertThatThrownBy(() -> new LocalClusterSpec("", "ns", 0)).hasMessageContaining("cluster id");
    assertThatThrownBy(() -> new LocalClusterSpec("a b", "ns", 0)).hasMessageContaining("'a b'");
    assertThatThrownBy(() -> new LocalClusterSpec("a\"b", "ns", 0))
        .hasMessageContaining("cluster id");
    assertThatThrownBy(() -> new LocalClusterSpec("a", "Spark", 0))
        .hasMessageContaining("namespace");
    assertThatThrownBy(() -> new LocalClusterSpec("a", "ns", 70_000)).hasMessageContaining("70000");
    assertThatThrownBy(() -> new LocalClusterSpec(null, "ns", 0)).hasMessage("id is null");
  }
}

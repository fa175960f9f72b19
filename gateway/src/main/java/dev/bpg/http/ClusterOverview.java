package dev.bpg.http;

import dev.bpg.http.dto.ClusterSummary;
import java.util.List;

/** Every configured cluster with its health and load, for {@code GET /admin/clusters}. */
@FunctionalInterface
public interface ClusterOverview {
  List<ClusterSummary> clusters();
}

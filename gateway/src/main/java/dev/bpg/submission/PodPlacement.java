package dev.bpg.submission;

import dev.bpg.submission.model.Affinity;
import dev.bpg.submission.model.Affinity.NodeAffinity;
import dev.bpg.submission.model.Affinity.NodeSelector;
import dev.bpg.submission.model.Affinity.NodeSelectorRequirement;
import dev.bpg.submission.model.Affinity.NodeSelectorTerm;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a queue's pods may run: a required node affinity on the queue's node label and on the zone
 * picked for the submission. A request's own node affinity is combined with it, never put in its
 * place: every term the request requires also gets the queue's requirements, so both hold.
 */
final class PodPlacement {
  static final String ZONE_LABEL = "topology.kubernetes.io/zone";

  private PodPlacement() {}

  /**
   * The affinity of a pod of the queue: the request's, when it has one, with the queue's
   * requirements added to each required term; else the queue's own (an empty node affinity when the
   * queue sets no label values and no zone, as the reference gateway sends).
   */
  static Affinity affinity(
      Affinity requested, String key, List<String> values, Optional<String> zone) {
    List<NodeSelectorRequirement> queue = new ArrayList<>();
    if (!values.isEmpty()) {
      queue.add(new NodeSelectorRequirement(key, "In", values));
    }
    zone.ifPresent(z -> queue.add(new NodeSelectorRequirement(ZONE_LABEL, "In", List.of(z))));
    NodeAffinity asked = requested == null ? null : requested.nodeAffinity();
    List<NodeSelectorTerm> askedTerms =
        asked == null || asked.required() == null
            ? List.of()
            : asked.required().nodeSelectorTerms();
    NodeSelector required;
    if (askedTerms.isEmpty()) {
      required = queue.isEmpty() ? null : new NodeSelector(List.of(new NodeSelectorTerm(queue)));
    } else {
      List<NodeSelectorTerm> combined = new ArrayList<>();
      for (NodeSelectorTerm term : askedTerms) {
        List<NodeSelectorRequirement> both = new ArrayList<>(term.matchExpressions());
        both.addAll(queue);
        combined.add(new NodeSelectorTerm(both));
      }
      required = new NodeSelector(combined);
    }
    return new Affinity(new NodeAffinity(required, asked == null ? null : asked.preferred()));
  }
}

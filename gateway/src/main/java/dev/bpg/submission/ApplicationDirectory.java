package dev.bpg.submission;

import java.util.Optional;

/**
 * Finds the submission of a Spark application outside the gateway's own records: the Spark History
 * Server knows every run that wrote an event log, each earlier attempt of a submission included,
 * and the Spark operator labels a run's executors with its SparkApplication's name.
 */
public interface ApplicationDirectory {
  ApplicationDirectory NONE = sparkApplicationId -> Optional.empty();

  /**
   * The submission ID the run of this Spark application ID belonged to, if the directory knows the
   * run.
   *
   * @throws dev.bpg.error.GatewayException HISTORY_SERVER_UNAVAILABLE when it cannot be asked
   */
  Optional<String> submissionIdOf(String sparkApplicationId);
}

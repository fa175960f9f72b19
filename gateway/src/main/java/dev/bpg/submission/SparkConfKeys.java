package dev.bpg.submission;

/** Spark configuration keys with a meaning to the gateway. */
public final class SparkConfKeys {
  public static final String APP_NAME = "spark.app.name";
  public static final String EXECUTOR_INSTANCES = "spark.executor.instances";
  public static final String DYNAMIC_ALLOCATION = "spark.dynamicAllocation.enabled";
  public static final String DYNAMIC_MAX_EXECUTORS = "spark.dynamicAllocation.maxExecutors";
  public static final String DYNAMIC_MIN_EXECUTORS = "spark.dynamicAllocation.minExecutors";
  public static final String DYNAMIC_INITIAL_EXECUTORS = "spark.dynamicAllocation.initialExecutors";
  public static final String MAX_RUNNING_MILLIS = "bpg.maxRunningMillis";
  public static final String PICKED_ZONES = "bpg.pickedZones";

  /**
   * In {@code defaultSparkConf}: {@code On} keeps the Ranger settings for requests with their own
   * image.
   */
  public static final String RANGER_ON_CUSTOM_IMAGE = "RangerOnCustomImage";

  public static final String SQL_EXTENSIONS = "spark.sql.extensions";
  public static final String RANGER_PLUGIN_ENV = "spark.ranger.plugin.spark.env";

  /** Replaced by the submission ID in default and cluster Spark settings. */
  public static final String RESOURCE_NAME_PLACEHOLDER = "{spark-application-resource-name}";

  private SparkConfKeys() {}
}

package dev.bpg.spark;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationStart;

/**
 * Tells the local operator of Batch Processing Gateway the id Spark gave the application. In local
 * mode Spark logs that id nowhere, and the operator only sees the driver's output; this listener,
 * which the operator adds to every job with {@code spark.extraListeners}, prints one line it
 * recognises as soon as the application starts.
 */
public final class ApplicationIdReporter extends SparkListener {

  /** The start of the line; the local operator matches it, so change both together. */
  public static final String PREFIX = "Batch Processing Gateway: Spark application id ";

  @Override
  public void onApplicationStart(SparkListenerApplicationStart start) {
    if (start.appId().isDefined()) {
      System.err.println(PREFIX + start.appId().get());
    }
  }
}

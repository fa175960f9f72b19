package org.apache.spark.examples;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Estimates pi by throwing random points at a square and counting those that land in the inscribed
 * circle, like the SparkPi of Spark's own examples: the first argument is the number of slices
 * (default 2), each of 100,000 points. It keeps that class's name, so that requests written for a
 * Spark distribution's examples jar run unchanged.
 */
public final class SparkPi {

  private static final int POINTS_PER_SLICE = 100_000;

  private SparkPi() {}

  public static void main(String[] args) {
    int slices = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    if (slices < 1) {
      throw new IllegalArgumentException("the number of slices must be positive: " + slices);
    }
    SparkSession spark = SparkSession.builder().appName("Spark Pi").getOrCreate();
    try {
      JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
      List<Integer> sliceIndexes = IntStream.range(0, slices).boxed().toList();
      long inside =
          context.parallelize(sliceIndexes, slices).map(SparkPi::pointsInside).reduce(Long::sum);
      long total = (long) slices * POINTS_PER_SLICE;
      System.out.println("Pi is roughly " + 4.0 * inside / total);
    } finally {
      spark.stop();
    }
  }

  /**
   * One slice's points that fall inside the unit circle; each slice draws from its own seeded
   * generator.
   */
  private static long pointsInside(int slice) {
    SplittableRandom random = new SplittableRandom(System.nanoTime() ^ ((long) slice << 32));
    long inside = 0;
    for (int i = 0; i < POINTS_PER_SLICE; i++) {
      double x = random.nextDouble() * 2 - 1;
      double y = random.nextDouble() * 2 - 1;
      if (x * x + y * y <= 1) {
        inside++;
      }
    }
    return inside;
  }
}

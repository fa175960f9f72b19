package org.apache.spark.examples;

import static org.apache.spark.sql.functions.col;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Counts the words of a text file and prints the most frequent ones, one {@code word: count} line
 * each, most frequent first. Arguments: the file (a path or URI Spark can read; without it, a short
 * built-in text) and how many words to print (default 10).
 */
public final class WordCount {

  private static final List<String> BUILT_IN_TEXT =
      List.of(
          "A gateway takes a Spark application, picks a cluster for it and hands it over.",
          "The cluster runs the application; the gateway watches it and keeps its history.",
          "When the application ends, the gateway still knows how it ended and where its log is.");

  private WordCount() {}

  public static void main(String[] args) {
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    SparkSession spark = SparkSession.builder().appName("Word Count").getOrCreate();
    try {
      Dataset<String> lines =
          args.length > 0 && !args[0].isBlank()
              ? spark.read().textFile(args[0])
              : spark.createDataset(BUILT_IN_TEXT, Encoders.STRING());
      Dataset<String> words =
          lines.flatMap((FlatMapFunction<String, String>) WordCount::words, Encoders.STRING());
      List<Row> counts =
          words
              .groupBy("value")
              .count()
              .orderBy(col("count").desc(), col("value"))
              .limit(top)
              .collectAsList();
      for (Row row : counts) {
        System.out.println(row.getString(0) + ": " + row.getLong(1));
      }
    } finally {
      spark.stop();
    }
  }

  private static Iterator<String> words(String line) {
    return Arrays.stream(line.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{Nd}']+"))
        .filter(word -> !word.isEmpty())
        .iterator();
  }
}

package dev.bpg.submission.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU and memory amounts as requests write them and as Spark and Kubernetes read them. Unlike the
 * reference gateway this accepts {@code coreLimit: "1200m"}, fractional memory such as {@code 1.5g}
 * and memory without a unit (mebibytes, as Spark reads it), and formats limits as whole millicores.
 */
public final class Quantities {
  private static final Pattern CPU = Pattern.compile("(\\d+(?:\\.\\d+)?)(m?)");
  private static final Pattern MEMORY =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(b|k|kb|ki|m|mb|mi|g|gb|gi|t|tb|ti|p|pb|pi)?");

  /**
   * Above 2^53 a double no longer holds every whole number, and scaled by a buffer ratio such
   * amounts would overflow a long: no real pod asks for that much, so it is refused as a typo.
   */
  private static final double MAX_AMOUNT = 0x1p53;

  private static final int MAX_LENGTH = 32;

  private Quantities() {}

  /** Millicores of a Kubernetes CPU quantity: {@code 2}, {@code 1.5}, {@code 1200m}. */
  public static long parseMillicores(String text) {
    checkLength(text, "CPU amount");
    Matcher m = CPU.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a CPU amount; write cores (2, 0.5) or millicores (1200m)");
    }
    BigDecimal amount = new BigDecimal(m.group(1));
    BigDecimal millis = m.group(2).isEmpty() ? amount.multiply(BigDecimal.valueOf(1000)) : amount;
    if (millis.compareTo(BigDecimal.valueOf(MAX_AMOUNT)) >= 0) {
      throw tooLarge(text);
    }
    return millis.setScale(0, RoundingMode.CEILING).longValueExact();
  }

  /**
   * Mebibytes of a memory amount in Spark's form ({@code 512m}, {@code 2g}) or Kubernetes' ({@code
   * 2Gi}).
   */
  public static double parseMebibytes(String text) {
    checkLength(text, "memory amount");
    Matcher m = MEMORY.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a memory amount; write it like 512m, 2g or 1.5g");
    }
    double amount = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "m" : m.group(2).substring(0, 1);
    double mebibytes =
        switch (unit) {
          case "b" -> amount / (1024.0 * 1024.0);
          case "k" -> amount / 1024.0;
          case "m" -> amount;
          case "g" -> amount * 1024.0;
          case "t" -> amount * 1024.0 * 1024.0;
          case "p" -> amount * 1024.0 * 1024.0 * 1024.0;
          default -> throw new IllegalStateException("the pattern admits no other unit: " + unit);
        };
    if (!(mebibytes < MAX_AMOUNT)) {
      throw tooLarge(text);
    }
    return mebibytes;
  }

  /** Amounts are short: a long one is refused before it costs a parse (or fills a message). */
  private static void checkLength(String text, String what) {
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "a " + what + " of " + text.length() + " characters is not one; at most " + MAX_LENGTH);
    }
  }

  private static IllegalArgumentException tooLarge(String text) {
    return new IllegalArgumentException("'" + text + "' is too large");
  }

  /** Spark's form of a memory amount, in whole gibibytes when exact, else whole mebibytes. */
  public static String formatMebibytes(long mebibytes) {
    return mebibytes % 1024 == 0 ? (mebibytes / 1024) + "g" : mebibytes + "m";
  }

  /** The memory amount scaled by a buffer ratio, rounded up to a whole mebibyte. */
  public static String scaleMemory(String memory, double ratio) {
    return formatMebibytes((long) Math.ceil(parseMebibytes(memory) * ratio - 1e-9));
  }

  /** Cores scaled by a buffer ratio, rounded, at least one. */
  public static int scaleCores(int cores, double ratio) {
    return (int) Math.max(1, Math.round(cores * ratio));
  }

  /** A CPU limit scaled by a buffer ratio, as whole millicores such as {@code 1200m}. */
  public static String scaleCpuLimit(long millicores, double ratio) {
    return (long) Math.ceil(millicores * ratio - 1e-9) + "m";
  }
}

package io.github.tweetsentiment.ingest;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Typed reads of environment variables, each error naming the variable. */
final class Env {
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  private final Map<String, String> vars;

  Env(Map<String, String> vars) {
    this.vars = Map.copyOf(vars);
  }

  /** The trimmed value, or null when unset or blank. */
  String get(String name) {
    String value = vars.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  String get(String name, String defaultValue) {
    String value = get(name);
    return value == null ? defaultValue : value;
  }

  String require(String name, String hint) {
    String value = get(name);
    if (value == null) {
      throw new ConfigException(name, "missing: " + hint);
    }
    return value;
  }

  /** The raw value, untrimmed and possibly blank: for secrets validated elsewhere. */
  String raw(String name) {
    return vars.get(name);
  }

  int intIn(String name, int defaultValue, int min, int max) {
    String value = get(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      int n = Integer.parseInt(value);
      if (n < min || n > max) {
        throw new ConfigException(
            name, "must be between " + min + " and " + max + ", got " + value);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ConfigException(name, "must be a whole number, got '" + value + "'");
    }
  }

  boolean bool(String name, boolean defaultValue) {
    String value = get(name);
    if (value == null) {
      return defaultValue;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new ConfigException(name, "must be true or false, got '" + value + "'");
    };
  }

  Duration durationIn(String name, Duration defaultValue, Duration min, Duration max) {
    String value = get(name);
    if (value == null) {
      return defaultValue;
    }
    Duration d = parseDuration(value, name);
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new ConfigException(
          name, "must be between " + format(min) + " and " + format(max) + ", got " + value);
    }
    return d;
  }

  /**
   * Parses {@code 90s}, {@code 15m}, {@code 1h}, {@code 7d}, {@code 500ms} or ISO-8601 {@code
   * PT1H}.
   */
  static Duration parseDuration(String value, String name) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    Matcher m = SHORT_DURATION.matcher(v);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(value.strip().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new ConfigException(
          name, "must be a duration such as 45s, 15m, 1h, 7d or PT1H, got '" + value + "'");
    }
  }

  /** A duration in the short form this class parses. */
  static String format(Duration d) {
    if (d.toMillis() % 1000 != 0) {
      return d.toMillis() + "ms";
    }
    long s = d.getSeconds();
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}

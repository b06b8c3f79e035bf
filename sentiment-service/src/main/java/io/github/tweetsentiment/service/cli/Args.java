package io.github.tweetsentiment.service.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Command-line flags of the form {@code --name value} or {@code --name=value}, checked against the
 * flags a command knows so a typo fails with the list of valid flags.
 */
public final class Args {

  private final String command;
  private final Map<String, String> values;

  private Args(String command, Map<String, String> values) {
    this.command = command;
    this.values = values;
  }

  /**
   * Parses {@code argv}.
   *
   * @throws IllegalArgumentException for an unknown flag, a missing value or a stray argument
   */
  public static Args parse(String command, String[] argv, Set<String> known) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < argv.length; i++) {
      String arg = argv[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException(
            command + ": unexpected argument '" + arg + "'; flags are " + flagList(known));
      }
      String name;
      String value;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        name = arg.substring(2, eq);
        value = arg.substring(eq + 1);
      } else {
        name = arg.substring(2);
        if (i + 1 >= argv.length) {
          throw new IllegalArgumentException(command + ": flag --" + name + " needs a value");
        }
        value = argv[++i];
      }
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            command + ": unknown flag --" + name + "; flags are " + flagList(known));
      }
      values.put(name, value);
    }
    return new Args(command, values);
  }

  private static String flagList(Set<String> known) {
    return known.stream().sorted().map(k -> "--" + k).reduce((a, b) -> a + ", " + b).orElse("none");
  }

  /** The flag's value, or {@code fallback} when it was not given. */
  public String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /** Whether the flag was given. */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  public int getInt(String name, int fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          command + ": --" + name + " must be an integer, got '" + v + "'", e);
    }
  }

  public double getDouble(String name, double fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          command + ": --" + name + " must be a number, got '" + v + "'", e);
    }
  }

  public boolean getBoolean(String name, boolean fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    return switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default ->
          throw new IllegalArgumentException(
              command + ": --" + name + " must be true or false, got '" + v + "'");
    };
  }
}

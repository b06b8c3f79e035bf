package io.github.tweetsentiment.ingest;

/**
 * Missing or invalid configuration. {@link #variable()} names the environment variable (or
 * command-line option) to fix; the message never repeats a secret's value.
 */
public class ConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String variable;

  public ConfigException(String variable, String message) {
    super(variable + ": " + message);
    this.variable = variable;
  }

  /** The environment variable or option at fault. */
  public String variable() {
    return variable;
  }
}

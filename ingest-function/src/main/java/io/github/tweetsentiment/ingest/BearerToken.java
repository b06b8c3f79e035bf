package io.github.tweetsentiment.ingest;

import java.util.Objects;

/**
 * The X API app-only bearer token. Its {@link #toString()} is redacted so the token cannot reach a
 * log line or an exception message by accident; only {@link #authorizationHeader()} reveals it.
 */
public final class BearerToken {
  private final String value;

  private BearerToken(String value) {
    this.value = value;
  }

  /** Wraps a token; {@code variable} names its source for the error if it is unusable. */
  public static BearerToken of(String value, String variable) {
    if (value == null || value.isBlank()) {
      throw new ConfigException(variable, "missing: set it to the X app's bearer token");
    }
    String token = value.strip();
    // A header value must be visible ASCII: catches a pasted newline or quote without echoing it.
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        throw new ConfigException(
            variable,
            "contains a space, control or non-ASCII character at position "
                + i
                + " (value not shown): copy the bare token again, without quotes, line breaks"
                + " or a 'Bearer ' prefix");
      }
    }
    return new BearerToken(token);
  }

  /** The value of the HTTP Authorization header. */
  String authorizationHeader() {
    return "Bearer " + value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BearerToken other && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(value);
  }

  @Override
  public String toString() {
    return "BearerToken[redacted]";
  }
}

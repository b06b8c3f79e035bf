package io.github.tweetsentiment.core;

/** Input that is not a tweet we can use; {@link #field()} names the JSON field at fault. */
public class TweetFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String field;

  public TweetFormatException(String field, String message) {
    super(field == null ? message : field + ": " + message);
    this.field = field;
  }

  public TweetFormatException(String field, String message, Throwable cause) {
    this(field, message);
    initCause(cause);
  }

  /** The JSON path of the offending field, such as {@code data.created_at}; null if none. */
  public String field() {
    return field;
  }
}

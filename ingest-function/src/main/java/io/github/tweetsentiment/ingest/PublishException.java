package io.github.tweetsentiment.ingest;

/** Some messages of a run were not acknowledged: the checkpoint stays where it was. */
public class PublishException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int failed;
  private final int total;

  public PublishException(String message, int failed, int total, Throwable cause) {
    super(message, cause);
    this.failed = failed;
    this.total = total;
  }

  public int failed() {
    return failed;
  }

  public int total() {
    return total;
  }
}

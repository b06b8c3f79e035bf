package io.github.tweetsentiment.ingest;

/** The checkpoint store could not be read or written. */
public class CheckpointException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.github.tweetsentiment.inference;

/**
 * A predict call that failed for good: after the retries the policy allows, or at once when the
 * failure is not worth retrying. Carries what a dead-letter record needs: the HTTP status, the
 * problem+json detail, how many HTTP attempts were made, and whether a later retry might succeed.
 *
 * <p>The message names the model, the endpoint and the cause; it never contains credentials.
 */
public final class InferenceException extends RuntimeException {

  /** What kind of failure ended the call. */
  public enum Kind {
    /** The endpoint answered with a non-2xx status; {@link #status()} holds it. */
    HTTP_STATUS,
    /** The exchange failed in transport: connect, timeout, reset, truncated body. Status -1. */
    IO,
    /**
     * The endpoint answered 2xx with a body that breaks the predict contract: not JSON, the wrong
     * number of predictions, an unknown label, a score outside [0, 1]. Never retried.
     */
    INVALID_RESPONSE,
    /** No credential could be obtained for the endpoint (ID token minting failed). Status -1. */
    CREDENTIALS,
    /** The calling thread was interrupted while calling or backing off. Status -1. */
    INTERRUPTED
  }

  /** The status used when no HTTP status applies (I/O, credentials, interruption). */
  public static final int NO_STATUS = -1;

  private final Kind kind;
  private final int status;
  private final String detail;
  private final int attempts;
  private final boolean retryable;

  InferenceException(
      Kind kind,
      int status,
      String detail,
      int attempts,
      boolean retryable,
      String message,
      Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
    this.detail = detail;
    this.attempts = attempts;
    this.retryable = retryable;
  }

  /** What kind of failure this is. */
  public Kind kind() {
    return kind;
  }

  /**
   * The HTTP status of the last response, or {@link #NO_STATUS} (-1) when the last attempt got no
   * response (I/O error, credentials, interruption). A 2xx here means the body was invalid.
   */
  public int status() {
    return status;
  }

  /**
   * The {@code detail} of the endpoint's problem+json body (or the {@code error.message} of a
   * Google API error body), or null when the response carried none.
   */
  public String detail() {
    return detail;
  }

  /** How many HTTP attempts the call made in total, across retries and 413 halves. */
  public int attempts() {
    return attempts;
  }

  /**
   * Whether the failure is transient (a retryable status or an I/O error) and the call gave up only
   * because its attempt or time budget ran out: retrying the whole call later may succeed. False
   * for client errors, invalid responses and interruption.
   */
  public boolean retryable() {
    return retryable;
  }
}

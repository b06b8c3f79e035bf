package io.github.tweetsentiment.ingest;

import java.time.Instant;

/**
 * A failed X API call. {@link #kind()} says what went wrong and {@link #retryable()} whether the
 * same request may succeed later in the same run. Messages tell the operator what to do and never
 * contain the bearer token.
 */
public class XApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** 400: the request, usually the query, is invalid. */
    BAD_REQUEST(false),
    /** 401: the bearer token is wrong, revoked or expired. */
    UNAUTHORIZED(false),
    /** 402: the account has no credits left. */
    PAYMENT_REQUIRED(false),
    /** 403: the app may not use this endpoint. */
    FORBIDDEN(false),
    /** 429: rate limited; see {@link #resumeAt()}. */
    RATE_LIMITED(false),
    /** 5xx. */
    SERVER_ERROR(true),
    /** Connection failure, timeout or a response cut short. */
    NETWORK(true),
    /** A 200 whose body is not valid JSON (truncated, say). */
    MALFORMED_RESPONSE(true),
    /** A 200 whose JSON is not a recent-search page. */
    UNEXPECTED_RESPONSE(false),
    /** Any other status. */
    OTHER(false);

    private final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }
  }

  private final Kind kind;
  private final int status;
  private final transient ApiProblem problem;
  private final transient RateLimit rateLimit;
  private final Instant resumeAt;

  private XApiException(
      Kind kind,
      int status,
      String message,
      ApiProblem problem,
      RateLimit rateLimit,
      Instant resumeAt,
      Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
    this.problem = problem;
    this.rateLimit = rateLimit == null ? RateLimit.UNKNOWN : rateLimit;
    this.resumeAt = resumeAt;
  }

  /** An HTTP error status other than 429: {@code problem} is its parsed body, or null. */
  static XApiException httpError(
      Kind kind, int status, String message, ApiProblem problem, RateLimit rateLimit) {
    return new XApiException(kind, status, message, problem, rateLimit, null, null);
  }

  /** A 429: polling may resume at {@code resumeAt}. */
  static XApiException rateLimited(
      String message, ApiProblem problem, RateLimit rateLimit, Instant resumeAt) {
    return new XApiException(Kind.RATE_LIMITED, 429, message, problem, rateLimit, resumeAt, null);
  }

  /** No response: a connection failure, a timeout, or no time left to make the call. */
  static XApiException network(String message, Throwable cause) {
    return new XApiException(Kind.NETWORK, 0, message, null, null, null, cause);
  }

  /** A 200 whose body is not valid JSON: cut short in transit, so worth retrying. */
  static XApiException malformed(String message, RateLimit rateLimit, Throwable cause) {
    return new XApiException(Kind.MALFORMED_RESPONSE, 200, message, null, rateLimit, null, cause);
  }

  /** A 200 whose JSON is not a recent-search page. */
  static XApiException unexpected(String message, RateLimit rateLimit, Throwable cause) {
    return new XApiException(Kind.UNEXPECTED_RESPONSE, 200, message, null, rateLimit, null, cause);
  }

  /** This failure, {@code note} (how the retries ended, what was kept) appended to its message. */
  XApiException withNote(String note) {
    return new XApiException(
        kind, status, getMessage() + " (" + note + ")", problem, rateLimit, resumeAt, this);
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status, or 0 when there was no response. */
  public int status() {
    return status;
  }

  /** The parsed error body; null when the body was empty or not JSON. */
  public ApiProblem problem() {
    return problem;
  }

  public RateLimit rateLimit() {
    return rateLimit;
  }

  /** For {@link Kind#RATE_LIMITED}: when polling can resume. */
  public Instant resumeAt() {
    return resumeAt;
  }

  public boolean retryable() {
    return kind.retryable;
  }
}

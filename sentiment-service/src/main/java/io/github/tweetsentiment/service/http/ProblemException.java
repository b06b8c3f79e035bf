package io.github.tweetsentiment.service.http;

import io.github.tweetsentiment.core.predict.Problem;
import java.util.Map;

/** A request failure that becomes an {@code application/problem+json} response. */
public final class ProblemException extends RuntimeException {

  private final transient Problem problem;
  private final transient Map<String, String> headers;

  public ProblemException(Problem problem, Map<String, String> headers) {
    super(problem.title() + ": " + problem.detail());
    this.problem = problem;
    this.headers = Map.copyOf(headers);
  }

  public ProblemException(Problem problem) {
    this(problem, Map.of());
  }

  public Problem problem() {
    return problem;
  }

  public int status() {
    return problem.status();
  }

  /** Extra response headers, such as {@code Retry-After}. */
  public Map<String, String> headers() {
    return headers;
  }
}

package io.github.tweetsentiment.service.http;

import io.github.tweetsentiment.core.predict.Problem;
import java.util.Map;

/**
 * Every error this service answers with, each with a stable {@code type} a client can branch on
 * ({@code urn:tweet-sentiment:problem:<slug>}) and a {@code detail} that says what to fix.
 */
public final class Problems {

  /** The prefix of every problem type. */
  public static final String TYPE_PREFIX = "urn:tweet-sentiment:problem:";

  private Problems() {}

  static ProblemException of(int status, String slug, String title, String detail) {
    return new ProblemException(new Problem(TYPE_PREFIX + slug, title, status, detail, null));
  }

  public static ProblemException malformedJson(String detail) {
    return of(400, "malformed-json", "Malformed JSON", detail);
  }

  public static ProblemException invalidRequest(String detail) {
    return of(400, "invalid-request", "Invalid predict request", detail);
  }

  public static ProblemException invalidUtf8(long offset) {
    return of(
        400,
        "invalid-utf8",
        "Invalid UTF-8",
        "the request body is not valid UTF-8 (first bad byte at offset " + offset + ")");
  }

  public static ProblemException textTooLong(int index, int length, int max) {
    return of(
        400,
        "text-too-long",
        "Text too long",
        "instances["
            + index
            + "].text has "
            + length
            + " characters; the limit is "
            + max
            + " (tweets are at most 280): send the tweet text, not a document");
  }

  public static ProblemException tooManyInstances(int count, int max) {
    return of(
        413,
        "too-many-instances",
        "Too many instances",
        "the request has " + count + " instances; the limit is " + max + ": split the batch");
  }

  public static ProblemException bodyTooLarge(long max) {
    return of(
        413,
        "body-too-large",
        "Request body too large",
        "the request body exceeds " + max + " bytes: split the batch");
  }

  public static ProblemException unsupportedMediaType(String contentType) {
    return of(
        415,
        "unsupported-media-type",
        "Unsupported media type",
        "Content-Type is '" + contentType + "'; send application/json");
  }

  public static ProblemException unknownModel(String requested, String served) {
    return of(
        404,
        "unknown-model",
        "Unknown model",
        "this service serves model '" + served + "', not '" + requested + "'");
  }

  public static ProblemException notFound(String path) {
    return of(
        404,
        "not-found",
        "Not found",
        "no resource at "
            + path
            + "; see POST /v1/models/{model}:predict and GET /v1/models/{model}");
  }

  public static ProblemException methodNotAllowed(String method, String path) {
    return of(
        405, "method-not-allowed", "Method not allowed", method + " is not allowed on " + path);
  }

  public static ProblemException notReady(String model) {
    return new ProblemException(
        new Problem(
            TYPE_PREFIX + "model-not-ready",
            "Model not ready",
            503,
            "model '" + model + "' is still loading; retry shortly",
            null),
        Map.of("Retry-After", "1"));
  }

  public static ProblemException loadFailed(String model) {
    return of(
        503,
        "model-load-failed",
        "Model failed to load",
        "model '" + model + "' failed to load; see the service log");
  }

  public static ProblemException internal() {
    return of(
        500,
        "internal-error",
        "Internal error",
        "the service failed to score this request; see the service log");
  }
}

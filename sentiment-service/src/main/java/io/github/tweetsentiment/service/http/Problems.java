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

  /** Each problem's status, type slug and title: the factories below add the detail. */
  private enum Kind {
    MALFORMED_JSON(400, "malformed-json", "Malformed JSON"),
    INVALID_REQUEST(400, "invalid-request", "Invalid predict request"),
    INVALID_UTF8(400, "invalid-utf8", "Invalid UTF-8"),
    TEXT_TOO_LONG(400, "text-too-long", "Text too long"),
    TOO_MANY_INSTANCES(413, "too-many-instances", "Too many instances"),
    BODY_TOO_LARGE(413, "body-too-large", "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    UNKNOWN_MODEL(404, "unknown-model", "Unknown model"),
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    MODEL_NOT_READY(503, "model-not-ready", "Model not ready"),
    MODEL_LOAD_FAILED(503, "model-load-failed", "Model failed to load"),
    INTERNAL_ERROR(500, "internal-error", "Internal error");

    private final int status;
    private final String slug;
    private final String title;

    Kind(int status, String slug, String title) {
      this.status = status;
      this.slug = slug;
      this.title = title;
    }

    ProblemException with(String detail, Map<String, String> headers) {
      return new ProblemException(
          new Problem(TYPE_PREFIX + slug, title, status, detail, null), headers);
    }

    ProblemException with(String detail) {
      return with(detail, Map.of());
    }
  }

  public static ProblemException malformedJson(String detail) {
    return Kind.MALFORMED_JSON.with(detail);
  }

  public static ProblemException invalidRequest(String detail) {
    return Kind.INVALID_REQUEST.with(detail);
  }

  public static ProblemException invalidUtf8(long offset) {
    return Kind.INVALID_UTF8.with(
        "the request body is not valid UTF-8 (first bad byte at offset " + offset + ")");
  }

  public static ProblemException textTooLong(int index, int length, int max) {
    return Kind.TEXT_TOO_LONG.with(
        "instances["
            + index
            + "].text has "
            + length
            + " characters; the limit is "
            + max
            + " (tweets are at most 280): send the tweet text, not a document");
  }

  public static ProblemException tooManyInstances(int count, int max) {
    return Kind.TOO_MANY_INSTANCES.with(
        "the request has " + count + " instances; the limit is " + max + ": split the batch");
  }

  public static ProblemException bodyTooLarge(long max) {
    return Kind.BODY_TOO_LARGE.with("the request body exceeds " + max + " bytes: split the batch");
  }

  public static ProblemException unsupportedMediaType(String contentType) {
    return Kind.UNSUPPORTED_MEDIA_TYPE.with(
        "Content-Type is '" + contentType + "'; send application/json");
  }

  public static ProblemException unknownModel(String requested, String served) {
    return Kind.UNKNOWN_MODEL.with(
        "this service serves model '" + served + "', not '" + requested + "'");
  }

  public static ProblemException notFound(String path) {
    return Kind.NOT_FOUND.with(
        "no resource at "
            + path
            + "; see POST /v1/models/{model}:predict and GET /v1/models/{model}");
  }

  public static ProblemException methodNotAllowed(String method, String path) {
    return Kind.METHOD_NOT_ALLOWED.with(method + " is not allowed on " + path);
  }

  public static ProblemException notReady(String model) {
    return Kind.MODEL_NOT_READY.with(
        "model '" + model + "' is still loading; retry shortly", Map.of("Retry-After", "1"));
  }

  public static ProblemException loadFailed(String model) {
    return Kind.MODEL_LOAD_FAILED.with("model '" + model + "' failed to load; see the service log");
  }

  public static ProblemException internal() {
    return Kind.INTERNAL_ERROR.with(
        "the service failed to score this request; see the service log");
  }
}

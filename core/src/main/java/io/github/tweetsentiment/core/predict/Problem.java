package io.github.tweetsentiment.core.predict;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An RFC 9457 {@code application/problem+json} error body. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, Integer status, String detail, String instance) {

  /** The media type of problem bodies. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /** A problem with the generic {@code about:blank} type. */
  public static Problem of(int status, String title, String detail) {
    return new Problem("about:blank", title, status, detail, null);
  }
}

package io.github.tweetsentiment.inference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.google.auth.Retryable;
import io.github.tweetsentiment.core.TweetJson;
import io.github.tweetsentiment.core.predict.PredictInstance;
import io.github.tweetsentiment.inference.InferenceException.Kind;
import io.github.tweetsentiment.inference.PredictResponses.InvalidResponseException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.UnknownServiceException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * One HTTP exchange with the endpoint, turned into an {@link Attempt}: no retries here.
 * Thread-safe.
 */
final class PredictTransport {
  static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final String ACCEPT = "application/json, application/problem+json";
  private static final String USER_AGENT = "tweet-sentiment-inference-client";

  /** Error bodies are read only this far: enough for any problem+json, bounded for HTML pages. */
  private static final long MAX_ERROR_BODY_BYTES = 64 * 1024;

  private final OkHttpClient http;
  private final HttpUrl predictUrl;
  private final HttpUrl modelUrl;
  private final String model;
  private final Duration callTimeout;
  private final Auth auth;
  private final Auth.Authorizer authorizer;
  private final TimeSource time;

  PredictTransport(
      OkHttpClient http,
      HttpUrl base,
      String model,
      Duration callTimeout,
      Auth auth,
      Auth.Authorizer authorizer,
      TimeSource time) {
    this.http = http;
    this.modelUrl = base.newBuilder().addPathSegments("v1/models").addPathSegment(model).build();
    this.predictUrl =
        base.newBuilder().addPathSegments("v1/models").addPathSegment(model + ":predict").build();
    this.model = model;
    this.callTimeout = callTimeout;
    this.auth = auth;
    this.authorizer = authorizer;
    this.time = time;
  }

  HttpUrl predictUrl() {
    return predictUrl;
  }

  HttpUrl modelUrl() {
    return modelUrl;
  }

  /** Posts the encoded batch once, within {@code remainingNanos} of the call's budget. */
  Attempt send(List<PredictInstance> batch, byte[] body, long remainingNanos) {
    Request.Builder request =
        new Request.Builder().url(predictUrl).post(RequestBody.create(body, JSON, 0, body.length));
    Attempt.Failed noCredential = authorize(request);
    if (noCredential != null) {
      return noCredential;
    }
    Call call = http.newCall(request.build());
    // One attempt may take callTimeout, but never longer than what is left of the budget.
    call.timeout().timeout(Math.min(callTimeout.toNanos(), remainingNanos), TimeUnit.NANOSECONDS);
    try (Response response = call.execute()) {
      ResponseBody responseBody = response.body();
      MediaType contentType = responseBody.contentType();
      if (response.isSuccessful()) {
        // Read the whole body before parsing: a body cut short in transit is an I/O error
        // (retried), a complete body that is not a valid response is not (see README).
        byte[] bytes = responseBody.bytes();
        try {
          return new Attempt.Scored(PredictResponses.decode(bytes, contentType, batch, model));
        } catch (InvalidResponseException e) {
          return invalidResponse(response, "invalid response: " + e.getMessage(), e);
        }
      }
      if (response.code() == 413) {
        Attempt.Failed f = failedStatus(response);
        return new Attempt.TooLarge(f.detail(), f.message());
      }
      return failedStatus(response);
    } catch (IOException e) {
      return ioFailure(e);
    }
  }

  /**
   * GETs the model's metadata once: {@link Attempt.Described} when the endpoint serves the model,
   * else the failed attempt (a 404 means the service does not know the model).
   */
  Attempt describeModel(Duration timeout) {
    Request.Builder request = new Request.Builder().url(modelUrl).get();
    Attempt.Failed noCredential = authorize(request);
    if (noCredential != null) {
      return noCredential;
    }
    Call call = http.newCall(request.build());
    call.timeout().timeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
    try (Response response = call.execute()) {
      if (!response.isSuccessful()) {
        return failedStatus(response);
      }
      try {
        return new Attempt.Described(TweetJson.mapper().readTree(response.body().bytes()));
      } catch (JsonProcessingException e) {
        return invalidResponse(
            response, "the model's metadata is not JSON: " + e.getOriginalMessage(), e);
      }
    } catch (IOException e) {
      return ioFailure(e);
    }
  }

  private Attempt.Failed authorize(Request.Builder request) {
    request.header("Accept", ACCEPT).header("User-Agent", USER_AGENT);
    try {
      String authorization = authorizer.authorization();
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      return null;
    } catch (IOException | RuntimeException e) {
      boolean retryable = !(e instanceof Retryable r) || r.isRetryable();
      return Attempt.Failed.of(
          Kind.CREDENTIALS,
          InferenceException.NO_STATUS,
          null,
          retryable,
          "could not obtain credentials for " + auth + ": " + e.getMessage(),
          e);
    }
  }

  private Attempt.Failed failedStatus(Response response) {
    ResponseBody responseBody = response.body();
    MediaType contentType = responseBody.contentType();
    String detail = PredictResponses.problemDetail(errorBody(responseBody), contentType);
    int code = response.code();
    String status = "HTTP " + code + (detail != null ? ": " + detail : "");
    if (code >= 300 && code < 400) {
      status += " (redirect to " + response.header("Location") + "; use the final URL)";
    } else if (code == 401 || code == 403) {
      status += " (the endpoint refused " + auth + auth.refusalHint() + ")";
    }
    Optional<Duration> retryAfter = RetryAfter.parse(response.headers(), time.now());
    return new Attempt.Failed(
        Kind.HTTP_STATUS,
        code,
        detail,
        RetryPolicy.isRetryable(code),
        RetryPolicy.isThrottling(code) || retryAfter.isPresent(),
        retryAfter,
        status,
        null);
  }

  /** A 2xx whose body breaks the contract: the same body would come again, so no retry. */
  private static Attempt.Failed invalidResponse(Response response, String message, Exception e) {
    return Attempt.Failed.of(Kind.INVALID_RESPONSE, response.code(), null, false, message, e);
  }

  private static Attempt.Failed ioFailure(IOException e) {
    if (Thread.currentThread().isInterrupted()) {
      return Attempt.Failed.of(
          Kind.INTERRUPTED, InferenceException.NO_STATUS, null, false, "interrupted", e);
    }
    return Attempt.Failed.of(
        Kind.IO,
        InferenceException.NO_STATUS,
        null,
        isRetryable(e),
        e.getClass().getSimpleName() + ": " + e.getMessage(),
        e);
  }

  private static byte[] errorBody(ResponseBody body) {
    try {
      BufferedSource source = body.source();
      source.request(MAX_ERROR_BODY_BYTES);
      Buffer buffer = source.getBuffer();
      return buffer.readByteArray(Math.min(buffer.size(), MAX_ERROR_BODY_BYTES));
    } catch (IOException e) {
      return new byte[0];
    }
  }

  /**
   * Transport failures are retried, except those no retry can fix: a certificate the client does
   * not trust, a hostname that does not match, or a protocol the client refuses (cleartext).
   */
  static boolean isRetryable(IOException e) {
    if (e instanceof SSLPeerUnverifiedException || e instanceof UnknownServiceException) {
      return false;
    }
    if (e instanceof SSLHandshakeException) {
      for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
        if (c instanceof CertificateException) {
          return false;
        }
      }
    }
    return !(e instanceof InterruptedIOException) || !Thread.currentThread().isInterrupted();
  }
}

package io.github.tweetsentiment.inference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.google.auth.Retryable;
import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.core.TweetJson;
import io.github.tweetsentiment.core.predict.PredictInstance;
import io.github.tweetsentiment.core.predict.PredictRequest;
import io.github.tweetsentiment.inference.InferenceException.Kind;
import io.github.tweetsentiment.inference.PredictResponses.InvalidResponseException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.UnknownServiceException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores texts with the sentiment endpoint ({@code POST {base}/v1/models/{model}:predict}).
 *
 * <p>Thread-safe: build one per endpoint and model, share it between threads, close it when done.
 * All clients in a JVM share one OkHttp connection pool. A call retries transient failures (429,
 * 408, 500, 502, 503, 504, I/O errors) with exponential backoff and full jitter, honouring {@code
 * Retry-After}, within {@code maxAttempts} per request and {@code maxRetryTime} per call; splits
 * the batch in halves on 413; and returns predictions aligned with the instances or throws {@link
 * InferenceException}. See the module README for the full policy.
 */
public final class SentimentClient implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SentimentClient.class);

  static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final String ACCEPT = "application/json, application/problem+json";
  private static final String USER_AGENT = "tweet-sentiment-inference-client";

  /** Error bodies are read only this far: enough for any problem+json, bounded for HTML pages. */
  private static final long MAX_ERROR_BODY_BYTES = 64 * 1024;

  private final OkHttpClient http;
  private final HttpUrl predictUrl;
  private final String endpoint;
  private final String model;
  private final Duration callTimeout;
  private final RetryPolicy retry;
  private final Auth auth;
  private final Auth.Authorizer authorizer;
  private final InferenceListener listener;
  private final TimeSource time;
  private final Supplier<RandomGenerator> random;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SentimentClient(Builder b, HttpUrl base) {
    this.model = b.model;
    this.predictUrl =
        base.newBuilder().addPathSegments("v1/models").addPathSegment(b.model + ":predict").build();
    this.endpoint = predictUrl.scheme() + "://" + hostPort(predictUrl) + predictUrl.encodedPath();
    this.callTimeout = b.callTimeout;
    this.retry = new RetryPolicy(b.maxAttempts, b.maxRetryTime, b.initialBackoff, b.maxBackoff);
    this.auth = b.auth != null ? b.auth : defaultAuth(base);
    this.listener = b.listener;
    this.time = b.time;
    this.random = b.random;
    OkHttpClient.Builder http =
        SharedHttp.base()
            .newBuilder()
            .connectTimeout(b.connectTimeout)
            .readTimeout(b.readTimeout)
            .writeTimeout(b.writeTimeout)
            // A redirect is a misconfigured base URL, and following one would turn the POST into
            // a GET or carry the credential elsewhere: surface it instead.
            .followRedirects(false)
            .followSslRedirects(false)
            // OkHttp would otherwise repeat some failed exchanges on its own (a 408, a stale pooled
            // connection) outside our backoff, budget and attempt count.
            .retryOnConnectionFailure(false);
    b.httpCustomizer.accept(http);
    this.http = http.build();
    String origin = predictUrl.scheme() + "://" + hostPort(predictUrl);
    if (this.auth.sendsCredentials() && !base.isHttps() && !isLoopback(base)) {
      LOG.warn(
          "Sending credentials ({}) over plain http to {}: use https outside loopback",
          this.auth,
          origin);
    }
    this.authorizer = this.auth.bind(origin);
  }

  /** A builder for a client of the endpoint at {@code baseUrl} (scheme, host, optional path). */
  public static Builder builder(URI baseUrl) {
    return new Builder(baseUrl);
  }

  /**
   * Scores the instances: one prediction per instance, in the same order.
   *
   * @throws IllegalArgumentException when an instance or its text is null
   * @throws IllegalStateException when the client is closed
   * @throws InferenceException when the endpoint cannot score the batch
   */
  public List<Prediction> predict(List<PredictInstance> instances) {
    Objects.requireNonNull(instances, "instances");
    for (int i = 0; i < instances.size(); i++) {
      PredictInstance instance = instances.get(i);
      if (instance == null || instance.text() == null) {
        throw new IllegalArgumentException(
            "instances[" + i + "]" + (instance == null ? " is null" : ".text is null"));
      }
    }
    if (closed.get()) {
      throw new IllegalStateException("SentimentClient for " + endpoint + " is closed");
    }
    if (instances.isEmpty()) {
      return List.of();
    }
    CallState call = new CallState(instances.size());
    try {
      List<Prediction> predictions = call.score(List.copyOf(instances));
      call.report(CallStats.Outcome.SUCCESS);
      return predictions;
    } catch (InferenceException e) {
      call.report(
          e.retryable()
              ? CallStats.Outcome.TRANSIENT_FAILURE
              : CallStats.Outcome.PERMANENT_FAILURE);
      throw e;
    }
  }

  /** The model this client asks for. */
  public String model() {
    return model;
  }

  /** The predict URL this client posts to. */
  public URI predictUri() {
    return predictUrl.uri();
  }

  /**
   * Marks the client closed; later {@link #predict} calls fail. Idle connections stay in the
   * JVM-wide pool, which other clients share, and are evicted after its keep-alive.
   */
  @Override
  public void close() {
    closed.set(true);
  }

  @Override
  public String toString() {
    return "SentimentClient{" + endpoint + ", " + auth + "}";
  }

  /** The state of one predict call: confined to the calling thread. */
  private final class CallState {
    private final int batchSize;
    private final long start = time.nanoTime();
    private int attempts;
    private int lastStatus = InferenceException.NO_STATUS;
    private long throttledNanos;
    private long backoffNanos;

    CallState(int batchSize) {
      this.batchSize = batchSize;
    }

    List<Prediction> score(List<PredictInstance> batch) {
      byte[] body = encode(batch);
      for (int attempt = 1; ; attempt++) {
        long remaining = retry.maxRetryTime().toNanos() - (time.nanoTime() - start);
        if (remaining <= 0) {
          throw budgetExhausted(batch);
        }
        attempts++;
        Outcome outcome = send(batch, body, remaining);
        if (outcome.predictions != null) {
          return outcome.predictions;
        }
        if (outcome.tooLarge) {
          if (batch.size() == 1) {
            throw failure(outcome, false, "a single instance is too large for the endpoint");
          }
          int half = batch.size() / 2;
          LOG.debug(
              "{} answered 413 to {} instances; splitting into {} and {}",
              endpoint,
              batch.size(),
              half,
              batch.size() - half);
          List<Prediction> both = new ArrayList<>(batch.size());
          both.addAll(score(batch.subList(0, half)));
          both.addAll(score(batch.subList(half, batch.size())));
          return both;
        }
        if (!outcome.retryable) {
          throw failure(outcome, false, null);
        }
        if (attempt >= retry.maxAttempts()) {
          throw failure(outcome, true, "gave up after maxAttempts=" + retry.maxAttempts());
        }
        int failures = attempt;
        Duration wait = outcome.retryAfter.orElseGet(() -> retry.backoff(failures, random.get()));
        long elapsed = time.nanoTime() - start;
        if (elapsed + wait.toNanos() >= retry.maxRetryTime().toNanos()) {
          throw failure(
              outcome,
              true,
              "waiting "
                  + wait.toMillis()
                  + " ms more would exceed maxRetryTime="
                  + retry.maxRetryTime());
        }
        LOG.debug(
            "predict attempt {} to {} failed ({}); retrying in {} ms",
            attempt,
            endpoint,
            outcome.message,
            wait.toMillis());
        sleep(wait);
        backoffNanos += wait.toNanos();
        if (outcome.throttling) {
          throttledNanos += wait.toNanos();
        }
      }
    }

    private Outcome send(List<PredictInstance> batch, byte[] body, long remainingNanos) {
      String authorization;
      try {
        authorization = authorizer.authorization();
      } catch (IOException | RuntimeException e) {
        boolean retryable = !(e instanceof Retryable r) || r.isRetryable();
        return Outcome.failed(
            Kind.CREDENTIALS,
            InferenceException.NO_STATUS,
            null,
            retryable,
            "could not obtain credentials for " + auth + ": " + e.getMessage(),
            e);
      }
      Request.Builder request =
          new Request.Builder()
              .url(predictUrl)
              .header("Accept", ACCEPT)
              .header("User-Agent", USER_AGENT)
              .post(RequestBody.create(body, JSON, 0, body.length));
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      Call call = http.newCall(request.build());
      // One attempt may take callTimeout, but never longer than what is left of the budget.
      call.timeout().timeout(Math.min(callTimeout.toNanos(), remainingNanos), TimeUnit.NANOSECONDS);
      try (Response response = call.execute()) {
        lastStatus = response.code();
        ResponseBody responseBody = response.body();
        MediaType contentType = responseBody.contentType();
        if (response.isSuccessful()) {
          // Read the whole body before parsing: a body cut short in transit is an I/O error
          // (retried), a complete body that is not a valid response is not (see README).
          byte[] bytes = responseBody.bytes();
          try {
            return Outcome.ok(PredictResponses.decode(bytes, contentType, batch, model));
          } catch (InvalidResponseException e) {
            return Outcome.failed(
                Kind.INVALID_RESPONSE,
                response.code(),
                null,
                false,
                "invalid response: " + e.getMessage(),
                e);
          }
        }
        String detail = PredictResponses.problemDetail(errorBody(responseBody), contentType);
        int code = response.code();
        String status = "HTTP " + code + (detail != null ? ": " + detail : "");
        if (code == 413) {
          return Outcome.tooLarge(detail, status);
        }
        if (code >= 300 && code < 400) {
          status += " (redirect to " + response.header("Location") + "; use the final URL)";
        } else if (code == 401 || code == 403) {
          status += " (the endpoint refused " + auth + auth.refusalHint() + ")";
        }
        Optional<Duration> retryAfter = RetryAfter.parse(response.headers(), time.now());
        return new Outcome(
            null,
            false,
            Kind.HTTP_STATUS,
            code,
            detail,
            RetryPolicy.isRetryable(code),
            RetryPolicy.isThrottling(code) || retryAfter.isPresent(),
            retryAfter,
            status,
            null);
      } catch (IOException e) {
        lastStatus = InferenceException.NO_STATUS;
        if (Thread.currentThread().isInterrupted()) {
          return Outcome.failed(
              Kind.INTERRUPTED, InferenceException.NO_STATUS, null, false, "interrupted", e);
        }
        return Outcome.failed(
            Kind.IO,
            InferenceException.NO_STATUS,
            null,
            isRetryable(e),
            e.getClass().getSimpleName() + ": " + e.getMessage(),
            e);
      }
    }

    private void sleep(Duration wait) {
      try {
        time.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InferenceException(
            Kind.INTERRUPTED,
            lastStatus,
            null,
            attempts,
            false,
            prefix() + "interrupted while backing off",
            e);
      }
    }

    private InferenceException failure(Outcome outcome, boolean retryable, String why) {
      return new InferenceException(
          outcome.kind,
          outcome.status,
          outcome.detail,
          attempts,
          retryable,
          prefix() + outcome.message + (why != null ? " (" + why + ")" : ""),
          outcome.cause);
    }

    private InferenceException budgetExhausted(List<PredictInstance> batch) {
      return new InferenceException(
          Kind.IO,
          InferenceException.NO_STATUS,
          null,
          attempts,
          true,
          prefix()
              + "maxRetryTime="
              + retry.maxRetryTime()
              + " ran out before "
              + batch.size()
              + " instances could be sent",
          null);
    }

    private String prefix() {
      return "predict with model '"
          + model
          + "' at "
          + endpoint
          + " failed after "
          + attempts
          + (attempts == 1 ? " attempt: " : " attempts: ");
    }

    void report(CallStats.Outcome outcome) {
      CallStats stats =
          new CallStats(
              model,
              batchSize,
              attempts,
              Duration.ofNanos(time.nanoTime() - start),
              Duration.ofNanos(throttledNanos),
              Duration.ofNanos(backoffNanos),
              outcome,
              lastStatus);
      try {
        listener.onCall(stats);
      } catch (RuntimeException e) {
        LOG.warn("InferenceListener {} failed on {}; ignoring", listener, stats, e);
      }
    }
  }

  /** What one HTTP attempt came to: predictions, a 413, or a failure. */
  private record Outcome(
      List<Prediction> predictions,
      boolean tooLarge,
      Kind kind,
      int status,
      String detail,
      boolean retryable,
      boolean throttling,
      Optional<Duration> retryAfter,
      String message,
      Throwable cause) {

    static Outcome ok(List<Prediction> predictions) {
      return new Outcome(
          predictions, false, null, 200, null, false, false, Optional.empty(), null, null);
    }

    static Outcome tooLarge(String detail, String message) {
      return new Outcome(
          null, true, Kind.HTTP_STATUS, 413, detail, false, false, Optional.empty(), message, null);
    }

    static Outcome failed(
        Kind kind, int status, String detail, boolean retryable, String message, Throwable cause) {
      return new Outcome(
          null, false, kind, status, detail, retryable, false, Optional.empty(), message, cause);
    }
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

  private static byte[] encode(List<PredictInstance> batch) {
    try {
      return TweetJson.mapper().writeValueAsBytes(new PredictRequest(batch));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot encode predict request", e);
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

  private static Auth defaultAuth(HttpUrl base) {
    return isLoopback(base) ? Auth.none() : Auth.googleIdToken();
  }

  /** Whether the URL names this machine, without a DNS lookup (only literals are parsed). */
  static boolean isLoopback(HttpUrl url) {
    String host = url.host();
    if (host.equals("localhost") || host.endsWith(".localhost")) {
      return true;
    }
    boolean literal =
        host.contains(":") || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    if (!literal) {
      return false;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String hostPort(HttpUrl url) {
    String host = url.host().contains(":") ? "[" + url.host() + "]" : url.host();
    return url.port() == HttpUrl.defaultPort(url.scheme()) ? host : host + ":" + url.port();
  }

  /** Configures a {@link SentimentClient}; every option has a production default. */
  public static final class Builder {
    private final URI baseUrl;
    private String model = "accurate";
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private Duration writeTimeout = Duration.ofSeconds(30);
    private Duration callTimeout = Duration.ofSeconds(60);
    private int maxAttempts = 6;
    private Duration maxRetryTime = Duration.ofMinutes(2);
    private Duration initialBackoff = Duration.ofMillis(200);
    private Duration maxBackoff = Duration.ofSeconds(20);
    private Auth auth;
    private InferenceListener listener = InferenceListener.none();
    private TimeSource time = TimeSource.SYSTEM;
    private Supplier<RandomGenerator> random = ThreadLocalRandom::current;
    private Consumer<OkHttpClient.Builder> httpCustomizer = b -> {};

    private Builder(URI baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    }

    /** The model to ask for, a path segment of the predict URL. Default {@code accurate}. */
    public Builder model(String model) {
      Objects.requireNonNull(model, "model");
      if (model.isBlank() || model.contains("/")) {
        throw new IllegalArgumentException(
            "model must be a non-blank name without '/', got '" + model + "'");
      }
      this.model = model;
      return this;
    }

    /** Time to open a TCP (and TLS) connection. Default 10 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    /** Longest silence while reading a response. Default 30 s. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive("readTimeout", timeout);
      return this;
    }

    /** Longest stall while writing a request. Default 30 s. */
    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = positive("writeTimeout", timeout);
      return this;
    }

    /**
     * Limit on one HTTP attempt from start to end (connect, write, wait, read). Default 60 s. Each
     * attempt is also cut short when the call's {@link #maxRetryTime} runs out.
     */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = positive("callTimeout", timeout);
      return this;
    }

    /** Attempts per HTTP request, the first included; 1 disables retries. Default 6. */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Time budget of one {@link #predict} call, attempts and waits included: no retry starts, and
     * no wait begins, that would end past it. Default 2 min.
     */
    public Builder maxRetryTime(Duration budget) {
      this.maxRetryTime = positive("maxRetryTime", budget);
      return this;
    }

    /** Backoff cap after the first failure, doubling per failure. Default 200 ms. */
    public Builder initialBackoff(Duration backoff) {
      this.initialBackoff = positive("initialBackoff", backoff);
      return this;
    }

    /** Largest backoff cap (a {@code Retry-After} may ask for longer). Default 20 s. */
    public Builder maxBackoff(Duration backoff) {
      this.maxBackoff = positive("maxBackoff", backoff);
      return this;
    }

    /**
     * How to authenticate. Default: {@link Auth#none()} for loopback hosts ({@code localhost},
     * {@code 127.0.0.0/8}, {@code ::1}), {@link Auth#googleIdToken()} for every other host.
     */
    public Builder auth(Auth auth) {
      this.auth = Objects.requireNonNull(auth, "auth");
      return this;
    }

    /** Receives per-call stats. Default: none. */
    public Builder listener(InferenceListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Test hook: the clock and sleep of the retry loop. */
    Builder timeSource(TimeSource time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    /** Test hook: the jitter source. */
    Builder random(Supplier<RandomGenerator> random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** Test hook: extra OkHttp settings (e.g. trusting a test certificate). */
    Builder httpCustomizer(Consumer<OkHttpClient.Builder> customizer) {
      this.httpCustomizer = Objects.requireNonNull(customizer, "customizer");
      return this;
    }

    /**
     * Builds the client. With {@link Auth#googleIdToken()}, this loads Application Default
     * Credentials.
     *
     * @throws IllegalArgumentException when the base URL is not an absolute http(s) URL, or the
     *     retry settings contradict each other
     * @throws IllegalStateException when the auth mode needs credentials that cannot be found
     */
    public SentimentClient build() {
      HttpUrl base = HttpUrl.get(validBase(baseUrl).toString());
      return new SentimentClient(this, base);
    }

    private static URI validBase(URI uri) {
      String scheme = uri.getScheme();
      if (!uri.isAbsolute()
          || uri.getHost() == null
          || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
        throw new IllegalArgumentException(
            "base URL must be an absolute http or https URL such as"
                + " https://sentiment-xyz-uc.a.run.app, got '"
                + uri
                + "'");
      }
      if (uri.getRawQuery() != null
          || uri.getRawFragment() != null
          || uri.getRawUserInfo() != null) {
        throw new IllegalArgumentException(
            "base URL must not carry a query, fragment or user info: '"
                + uri.getScheme()
                + "://"
                + uri.getHost()
                + "/...'");
      }
      return uri;
    }

    private static Duration positive(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException(name + " must be positive, got " + value);
      }
      return value;
    }
  }
}

package io.github.tweetsentiment.inference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.core.ShareCorrection;
import io.github.tweetsentiment.core.TweetJson;
import io.github.tweetsentiment.core.predict.PredictInstance;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
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
 *
 * <p>Over 400 lines on purpose: the client's calls and its {@link Builder}, whose options each
 * carry the production default the calls rely on, read best side by side.
 */
public final class SentimentClient implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SentimentClient.class);

  private final HttpUrl predictUrl;
  private final String endpoint;
  private final String model;
  private final Auth auth;
  private final PredictTransport transport;
  private final PredictCall.Context calls;
  private final TimeSource time;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SentimentClient(Builder b, HttpUrl base) {
    this.model = b.model;
    this.auth = b.auth != null ? b.auth : defaultAuth(base);
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
    String origin = base.scheme() + "://" + hostPort(base);
    if (this.auth.sendsCredentials() && !base.isHttps() && !isLoopback(base)) {
      LOG.warn(
          "Sending credentials ({}) over plain http to {}: use https outside loopback",
          this.auth,
          origin);
    }
    this.time = b.time;
    this.transport =
        new PredictTransport(
            http.build(), base, model, b.callTimeout, auth, auth.bind(origin), b.time);
    this.predictUrl = transport.predictUrl();
    this.endpoint = origin + predictUrl.encodedPath();
    RetryPolicy retry =
        b.untilSuccess
            ? RetryPolicy.untilSuccess(b.initialBackoff, b.maxBackoff)
            : new RetryPolicy(b.maxAttempts, b.maxRetryTime, b.initialBackoff, b.maxBackoff);
    this.calls =
        new PredictCall.Context(
            transport,
            model,
            endpoint,
            retry,
            b.listener,
            b.time,
            b.random,
            new OutageLog(endpoint, retry, b.time));
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
    return new PredictCall(calls, instances.size()).run(List.copyOf(instances));
  }

  /**
   * Checks once, without retrying, that the endpoint answers and serves this client's model ({@code
   * GET {base}/v1/models/{model}}), for a clear error at start-up rather than a job that waits on
   * an endpoint that is not there.
   *
   * @throws InferenceException naming the URL and what failed
   */
  public void checkModel(Duration timeout) {
    describe(timeout);
  }

  /** How long a start-up wait goes before it says what it is waiting for. */
  static final Duration SAY_WAITING_AFTER = Duration.ofSeconds(3);

  /** The longest pause between two start-up checks. */
  static final Duration MAX_CHECK_PAUSE = Duration.ofSeconds(2);

  /** The longest {@code Retry-After} a start-up check honours. */
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(10);

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /**
   * Waits until the endpoint serves this client's model: {@link #checkModel}, with what retrying
   * cures (408, 429, 5xx, refused or reset connections, timeouts: a Cloud Run service scaling from
   * zero, or one started a moment ago) waited out for up to {@code maxWait}, checking every half
   * second to two seconds (longer if the endpoint asks with {@code Retry-After}). What no wait
   * cures (a 404 for the model, 401, 403, an answer that is not the model's metadata) fails at
   * once.
   *
   * @param attemptTimeout the limit of one check
   * @param onWaiting told once, three seconds into a wait, what it waits for
   * @throws InferenceException naming the URL, what failed and what to fix
   */
  public void awaitModel(Duration maxWait, Duration attemptTimeout, Consumer<String> onWaiting) {
    awaitMetadata(maxWait, attemptTimeout, onWaiting);
  }

  /** {@link #awaitModel}, returning the model's metadata. */
  private JsonNode awaitMetadata(
      Duration maxWait, Duration attemptTimeout, Consumer<String> onWaiting) {
    long start = time.nanoTime();
    Duration pause = Duration.ofMillis(500);
    boolean told = false;
    while (true) {
      Attempt answer = transport.describeModel(attemptTimeout);
      if (answer instanceof Attempt.Described described) {
        return metadataOf(described);
      }
      Attempt.Failed failed = (Attempt.Failed) answer;
      Duration waited = Duration.ofNanos(time.nanoTime() - start);
      if (!failed.retryable() || waited.compareTo(maxWait) >= 0) {
        throw notReady(failed, maxWait.isZero() ? null : waited);
      }
      if (!told && waited.compareTo(SAY_WAITING_AFTER) >= 0) {
        onWaiting.accept(
            "Waiting up to "
                + maxWait.toSeconds()
                + " s for the sentiment endpoint at "
                + transport.modelUrl()
                + " ("
                + failed.message()
                + "): a service that is starting or scaling from zero answers this way");
        told = true;
      }
      Duration next = min(failed.retryAfter().orElse(pause), MAX_RETRY_AFTER);
      try {
        time.sleep(min(next, maxWait.minus(waited)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw notReady(failed, waited);
      }
      pause = min(pause.multipliedBy(2), MAX_CHECK_PAUSE);
    }
  }

  /**
   * The version the endpoint serves now and its share correction, from the model's metadata, with
   * what retrying cures waited out for up to {@code maxWait} as in {@link #awaitModel}.
   *
   * @throws InferenceException when the endpoint does not answer within the wait, or answers with a
   *     correction that is not valid
   */
  public ServedModel servedModel(Duration maxWait, Duration attemptTimeout) {
    JsonNode metadata = awaitMetadata(maxWait, attemptTimeout, message -> {});
    JsonNode version = metadata.get("version");
    String served = version == null || version.isNull() ? null : version.asText();
    JsonNode correction = metadata.get("share_correction");
    if (correction == null || correction.isNull()) {
      return new ServedModel(served, null);
    }
    try {
      return new ServedModel(
          served, TweetJson.mapper().treeToValue(correction, ShareCorrection.class));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new InferenceException(
          InferenceException.Kind.INVALID_RESPONSE,
          200,
          null,
          1,
          false,
          "the share_correction of model '"
              + model
              + "' at "
              + transport.modelUrl()
              + " is not valid: "
              + e.getMessage(),
          e);
    }
  }

  /** The model's metadata, or an error naming the URL and what to do. */
  private JsonNode describe(Duration timeout) {
    return awaitMetadata(Duration.ZERO, timeout, message -> {});
  }

  /**
   * The metadata, if it is this model's ({@code "name"} is the model): a 200 from something that is
   * not the sentiment service (a proxy's page, another API) is no reason to start.
   */
  private JsonNode metadataOf(Attempt.Described described) {
    JsonNode metadata = described.metadata();
    if (metadata == null || !metadata.isObject() || !model.equals(metadata.path("name").asText())) {
      throw new InferenceException(
          InferenceException.Kind.INVALID_RESPONSE,
          200,
          null,
          1,
          false,
          "the sentiment endpoint at "
              + transport.modelUrl()
              + " answered, but not with model '"
              + model
              + "''s metadata (no \"name\": \""
              + model
              + "\"): check that --sentimentEndpoint is the sentiment service's URL",
          null);
    }
    return metadata;
  }

  /** The error for a failed check, naming the URL and what to fix; {@code waited} if it waited. */
  private InferenceException notReady(Attempt.Failed failed, Duration waited) {
    String url = transport.modelUrl().toString();
    String hint =
        failed.status() == 404
            ? "the service does not serve model '" + model + "': check the model name"
            : failed.kind() == InferenceException.Kind.IO
                ? "nothing answered: check the URL and that the service is running"
                : "check the URL and the service's logs";
    throw new InferenceException(
        failed.kind(),
        failed.status(),
        failed.detail(),
        1,
        failed.retryable(),
        "the sentiment endpoint at "
            + url
            + " is not ready"
            + (waited == null ? "" : " after waiting " + waited.toSeconds() + " s")
            + " ("
            + failed.message()
            + "): "
            + hint,
        failed.cause());
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
    private boolean untilSuccess;
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

    /**
     * Retries transient failures (408, 429, 5xx, I/O errors) until the call succeeds, overriding
     * {@link #maxAttempts} and {@link #maxRetryTime}: for callers whose input waits safely
     * elsewhere meanwhile (a Pub/Sub subscription), so an outage costs time, not data. The call
     * still ends at once on a failure no retry cures, and on interruption.
     */
    public Builder retryUntilSuccess() {
      this.untilSuccess = true;
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

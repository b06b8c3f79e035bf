package io.github.tweetsentiment.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.core.SentimentLabel;
import io.github.tweetsentiment.core.TweetJson;
import io.github.tweetsentiment.core.predict.PredictInstance;
import io.github.tweetsentiment.core.predict.PredictResponse;
import io.github.tweetsentiment.core.predict.PredictResult;
import io.github.tweetsentiment.core.predict.Problem;
import io.github.tweetsentiment.service.http.PredictRequestReader;
import io.github.tweetsentiment.service.http.ProblemException;
import io.github.tweetsentiment.service.http.Problems;
import io.github.tweetsentiment.service.model.ModelInfo;
import io.github.tweetsentiment.service.model.SentimentModel;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The HTTP service: the predict contract ({@code POST /v1/models/{model}:predict}), model metadata
 * ({@code GET /v1/models/{model}}), liveness ({@code GET /health/live}) and readiness ({@code GET
 * /health/ready}).
 *
 * <p>The server listens at once and loads the model on a background thread, so liveness answers
 * during a cold start while readiness (and predict) answer 503 until the model is loaded. Every
 * error is {@code application/problem+json}. Tweet text is never logged.
 */
public final class SentimentServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SentimentServer.class);
  private static final String JSON = "application/json";

  private final ServiceConfig config;
  private final Javalin app;
  private final CompletableFuture<SentimentModel> model = new CompletableFuture<>();
  private final Semaphore calls;
  private final PredictRequestReader reader;
  private final ObjectMapper mapper = TweetJson.mapper();

  private SentimentServer(ServiceConfig config) {
    this.config = config;
    this.calls = new Semaphore(config.maxConcurrentCalls(), true);
    this.reader = new PredictRequestReader(config.limits());
    this.app =
        Javalin.create(
            cfg -> {
              cfg.showJavalinBanner = false;
              cfg.startupWatcherEnabled = false;
              cfg.http.prefer405over404 = true;
              // We read and bound the body ourselves; this only has to be no smaller.
              cfg.http.maxRequestSize = config.limits().maxBodyBytes() + 1L;
              cfg.requestLogger.http(this::logRequest);
              cfg.router.mount(
                  router -> {
                    router.get("/health/live", this::live);
                    router.get("/health/ready", this::ready);
                    router.get("/v1/models/{model}", this::metadata);
                    // Javalin matches a literal ":predict" after a path parameter in one segment.
                    router.post("/v1/models/{model}:predict", this::predict);
                  });
            });
    app.exception(ProblemException.class, this::writeProblem);
    app.exception(HttpResponseException.class, this::writeJavalinError);
    app.exception(Exception.class, this::writeUnexpected);
    app.error(404, ctx -> problemUnlessWritten(ctx, Problems.notFound(ctx.path())));
    app.error(
        405,
        ctx ->
            problemUnlessWritten(ctx, Problems.methodNotAllowed(ctx.method().name(), ctx.path())));
  }

  /**
   * Starts listening, then loads the model in the background.
   *
   * @param loader creates the model; runs on a background thread
   * @param onLoadFailure called (on that thread) if loading fails, e.g. to exit the process
   */
  public static SentimentServer start(
      ServiceConfig config, Supplier<SentimentModel> loader, Consumer<Throwable> onLoadFailure) {
    SentimentServer server = new SentimentServer(config);
    server.app.start(config.host(), config.port());
    LOG.atInfo()
        .addKeyValue("port", server.port())
        .addKeyValue("model", config.model())
        .log(
            "listening on {}:{}, loading model '{}'", config.host(), server.port(), config.model());
    Thread thread = new Thread(() -> server.load(loader, onLoadFailure), "model-loader");
    thread.setDaemon(true);
    thread.start();
    return server;
  }

  private void load(Supplier<SentimentModel> loader, Consumer<Throwable> onLoadFailure) {
    long start = System.nanoTime();
    try {
      SentimentModel loaded = loader.get();
      ModelInfo info = loaded.info();
      if (!info.name().equals(config.model())) {
        loaded.close();
        throw new IllegalStateException(
            "loaded model is named '" + info.name() + "', expected '" + config.model() + "'");
      }
      if (!model.complete(loaded)) {
        loaded.close(); // the server was closed while loading
        return;
      }
      long ms = (System.nanoTime() - start) / 1_000_000;
      LOG.atInfo()
          .addKeyValue("model", info.name())
          .addKeyValue("model_version", info.version())
          .addKeyValue("load_ms", ms)
          .log("model '{}' version {} ready after {} ms", info.name(), info.version(), ms);
    } catch (RuntimeException | Error e) {
      LOG.error("model '{}' failed to load", config.model(), e);
      model.completeExceptionally(e);
      onLoadFailure.accept(e);
    }
  }

  /** The port the server listens on (the real one when configured with 0). */
  public int port() {
    return app.port();
  }

  /** Whether the model is loaded. */
  public boolean isReady() {
    return model.isDone() && !model.isCompletedExceptionally();
  }

  /**
   * Waits for the model.
   *
   * @throws IllegalStateException when loading failed (with its cause) or did not finish in time
   */
  public void awaitReady(Duration timeout) {
    try {
      model.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "model '" + config.model() + "' failed to load: " + e.getCause().getMessage(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "model '" + config.model() + "' did not load within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the model", e);
    }
  }

  private void live(Context ctx) {
    ctx.contentType(JSON).result("{\"status\":\"alive\"}");
  }

  private void ready(Context ctx) throws JsonProcessingException {
    SentimentModel m = readyModel();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "ready");
    body.put("model", m.info().name());
    body.put("model_version", m.info().version());
    ctx.contentType(JSON).result(mapper.writeValueAsBytes(body));
  }

  private void metadata(Context ctx) throws JsonProcessingException {
    checkModelName(ctx.pathParam("model"));
    ModelInfo info = readyModel().info();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", info.name());
    body.put("version", info.version());
    body.put("description", info.description());
    body.put(
        "labels", Arrays.stream(SentimentLabel.values()).map(SentimentLabel::wireName).toList());
    Map<String, Object> limits = new LinkedHashMap<>();
    limits.put("max_instances", config.limits().maxInstances());
    limits.put("max_body_bytes", config.limits().maxBodyBytes());
    limits.put("max_text_chars", config.limits().maxTextChars());
    body.put("limits", limits);
    body.put("details", info.details());
    if (info.shareCorrection() != null) {
      body.put("share_correction", info.shareCorrection());
    }
    ctx.contentType(JSON).result(mapper.writeValueAsBytes(body));
  }

  private void predict(Context ctx) throws IOException {
    checkModelName(ctx.pathParam("model"));
    SentimentModel m = readyModel();
    reader.checkContentType(ctx.header("Content-Type"));
    byte[] bytes = reader.readBody(ctx.req().getInputStream(), ctx.req().getContentLengthLong());
    List<PredictInstance> instances = reader.parse(PredictRequestReader.decodeUtf8(bytes));
    ctx.attribute("instances", instances.size());
    List<String> texts = new ArrayList<>(instances.size());
    for (PredictInstance instance : instances) {
      texts.add(instance.text());
    }
    List<Prediction> predictions = score(m, texts);
    List<PredictResult> results = new ArrayList<>(predictions.size());
    for (Prediction p : predictions) {
      results.add(PredictResult.of(p));
    }
    ModelInfo info = m.info();
    ctx.contentType(JSON)
        .result(
            mapper.writeValueAsBytes(new PredictResponse(results, info.name(), info.version())));
  }

  /** One batched model call, waiting for a free slot so concurrent calls do not oversubscribe. */
  private List<Prediction> score(SentimentModel m, List<String> texts) {
    try {
      calls.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Problems.notReady(config.model());
    }
    try {
      List<Prediction> predictions = m.predict(texts);
      if (predictions.size() != texts.size()) {
        throw new IllegalStateException(
            "model returned " + predictions.size() + " predictions for " + texts.size() + " texts");
      }
      return predictions;
    } finally {
      calls.release();
    }
  }

  private void checkModelName(String requested) {
    if (!requested.equals(config.model())) {
      throw Problems.unknownModel(requested, config.model());
    }
  }

  private SentimentModel readyModel() {
    if (!model.isDone()) {
      throw Problems.notReady(config.model());
    }
    if (model.isCompletedExceptionally()) {
      throw Problems.loadFailed(config.model());
    }
    return model.join();
  }

  private void writeProblem(ProblemException e, Context ctx) {
    e.headers().forEach(ctx::header);
    write(ctx, e.problem());
  }

  /** Javalin's own responses, such as those for unmatched routes, as our problems. */
  private void writeJavalinError(HttpResponseException e, Context ctx) {
    Problem problem =
        switch (e.getStatus()) {
          case 404 -> Problems.notFound(ctx.path()).problem();
          case 405 -> Problems.methodNotAllowed(ctx.method().name(), ctx.path()).problem();
          case 413 -> Problems.bodyTooLarge(config.limits().maxBodyBytes()).problem();
          default -> Problem.of(e.getStatus(), e.getMessage(), e.getMessage());
        };
    write(ctx, problem);
  }

  private void writeUnexpected(Exception e, Context ctx) {
    // The exception never carries tweet text: models and parsers do not put it in messages.
    LOG.error("predict failed on {} {}", ctx.method(), ctx.path(), e);
    write(ctx, Problems.internal().problem());
  }

  private void problemUnlessWritten(Context ctx, ProblemException problem) {
    if (!Problem.MEDIA_TYPE.equals(ctx.res().getContentType())) {
      write(ctx, problem.problem());
    }
  }

  private void write(Context ctx, Problem problem) {
    ctx.status(problem.status());
    ctx.contentType(Problem.MEDIA_TYPE);
    try {
      ctx.result(mapper.writeValueAsBytes(problem));
    } catch (JsonProcessingException e) {
      ctx.result("{\"title\":\"Internal error\",\"status\":" + problem.status() + "}");
    }
  }

  /**
   * One line per request. Cloud Run already writes a request log, so successes are DEBUG; client
   * errors are INFO (they tell an operator which caller sends what), server errors WARNING.
   */
  private void logRequest(Context ctx, Float ms) {
    int status = ctx.statusCode();
    Level level;
    if (ctx.path().startsWith("/health/")) {
      level = Level.DEBUG; // probes, including the 503s of a cold start
    } else if (status >= 500) {
      level = Level.WARN;
    } else if (status >= 400) {
      level = Level.INFO;
    } else {
      level = Level.DEBUG;
    }
    if (!LOG.isEnabledForLevel(level)) {
      return;
    }
    Map<String, Object> http = new LinkedHashMap<>();
    http.put("requestMethod", ctx.method().name());
    http.put("requestUrl", ctx.path());
    http.put("status", ctx.statusCode());
    http.put("latency", String.format(java.util.Locale.ROOT, "%.6fs", ms / 1000.0));
    http.put("userAgent", String.valueOf(ctx.userAgent()));
    Integer instances = ctx.attribute("instances");
    var event = LOG.atLevel(level).addKeyValue("httpRequest", (Object) http);
    if (instances != null) {
      event = event.addKeyValue("instances", (Object) instances);
    }
    event.log("{} {} {} in {} ms", ctx.method(), ctx.path(), ctx.statusCode(), Math.round(ms));
  }

  /**
   * Stops accepting requests, lets model calls in flight finish (up to 10 s), then releases the
   * model: closing an ONNX session under a running call would crash the process.
   */
  @Override
  public void close() {
    app.stop();
    if (!model.complete(null) && isReady()) {
      boolean drained = false;
      try {
        drained = calls.tryAcquire(config.maxConcurrentCalls(), 10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (drained) {
        model.join().close();
      } else {
        LOG.warn("model calls still running after 10 s: leaving the model open");
      }
    }
  }
}

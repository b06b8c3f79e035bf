package io.github.tweetsentiment.inference;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.core.TweetJson;
import io.github.tweetsentiment.core.predict.PredictInstance;
import io.github.tweetsentiment.core.predict.PredictRequest;
import io.github.tweetsentiment.inference.InferenceException.Kind;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One predict call: attempts, waits between them, 413 splits, and the stats reported at the end.
 * Confined to the calling thread.
 */
final class PredictCall {
  private static final Logger LOG = LoggerFactory.getLogger(SentimentClient.class);

  /** What a call needs from its client; one per client, shared by its calls. */
  record Context(
      PredictTransport transport,
      String model,
      String endpoint,
      RetryPolicy retry,
      InferenceListener listener,
      TimeSource time,
      Supplier<RandomGenerator> random,
      OutageLog outages) {}

  private final Context c;
  private final int batchSize;
  private final long start;
  private int attempts;
  private int lastStatus = InferenceException.NO_STATUS;
  private long throttledNanos;
  private long backoffNanos;

  PredictCall(Context context, int batchSize) {
    this.c = context;
    this.batchSize = batchSize;
    this.start = context.time().nanoTime();
  }

  /** Scores the batch, reporting the call's stats to the listener whichever way it ends. */
  List<Prediction> run(List<PredictInstance> batch) {
    try {
      List<Prediction> predictions = score(batch);
      c.outages().succeeded();
      report(CallStats.Outcome.SUCCESS);
      return predictions;
    } catch (InferenceException e) {
      report(
          e.retryable()
              ? CallStats.Outcome.TRANSIENT_FAILURE
              : CallStats.Outcome.PERMANENT_FAILURE);
      throw e;
    }
  }

  private List<Prediction> score(List<PredictInstance> batch) {
    byte[] body = encode(batch);
    for (int attempt = 1; ; attempt++) {
      long remaining = c.retry().remainingNanos(c.time().nanoTime() - start);
      if (remaining <= 0) {
        throw budgetExhausted(batch);
      }
      attempts++;
      Attempt outcome = c.transport().send(batch, body, remaining);
      if (outcome instanceof Attempt.Scored scored) {
        lastStatus = 200;
        return scored.predictions();
      }
      if (outcome instanceof Attempt.TooLarge tooLarge) {
        lastStatus = 413;
        return split(batch, tooLarge);
      }
      Attempt.Failed failed = (Attempt.Failed) outcome;
      lastStatus = failed.status();
      waitToRetry(attempt, failed);
    }
  }

  private List<Prediction> split(List<PredictInstance> batch, Attempt.TooLarge tooLarge) {
    if (batch.size() == 1) {
      throw failure(
          Attempt.Failed.of(
              Kind.HTTP_STATUS, 413, tooLarge.detail(), false, tooLarge.message(), null),
          false,
          "a single instance is too large for the endpoint");
    }
    int half = batch.size() / 2;
    LOG.debug(
        "{} answered 413 to {} instances; splitting into {} and {}",
        c.endpoint(),
        batch.size(),
        half,
        batch.size() - half);
    List<Prediction> both = new ArrayList<>(batch.size());
    both.addAll(score(batch.subList(0, half)));
    both.addAll(score(batch.subList(half, batch.size())));
    return both;
  }

  /** Waits before the next attempt, or throws when the failure is final or the budget is spent. */
  private void waitToRetry(int attempt, Attempt.Failed failed) {
    if (!failed.retryable()) {
      throw failure(failed, false, null);
    }
    RetryPolicy retry = c.retry();
    if (attempt >= retry.maxAttempts()) {
      throw failure(failed, true, "gave up after maxAttempts=" + retry.maxAttempts());
    }
    Duration wait = failed.retryAfter().orElseGet(() -> retry.backoff(attempt, c.random().get()));
    long elapsed = c.time().nanoTime() - start;
    if (wait.toNanos() >= retry.remainingNanos(elapsed)) {
      throw failure(
          failed,
          true,
          "waiting "
              + wait.toMillis()
              + " ms more would exceed maxRetryTime="
              + retry.maxRetryTime());
    }
    Duration failingFor = c.outages().failed(attempt, failed.message(), wait);
    try {
      c.listener()
          .onRetry(
              new RetryEvent(
                  c.model(),
                  attempt,
                  failed.status(),
                  failed.message(),
                  wait,
                  failed.throttling(),
                  failingFor));
    } catch (RuntimeException e) {
      LOG.warn("InferenceListener {} failed on a retry; ignoring", c.listener(), e);
    }
    try {
      c.time().sleep(wait);
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
    backoffNanos += wait.toNanos();
    if (failed.throttling()) {
      throttledNanos += wait.toNanos();
    }
  }

  private InferenceException failure(Attempt.Failed failed, boolean retryable, String why) {
    return new InferenceException(
        failed.kind(),
        failed.status(),
        failed.detail(),
        attempts,
        retryable,
        prefix() + failed.message() + (why != null ? " (" + why + ")" : ""),
        failed.cause());
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
            + c.retry().maxRetryTime()
            + " ran out before "
            + batch.size()
            + " instances could be sent",
        null);
  }

  private String prefix() {
    return "predict with model '"
        + c.model()
        + "' at "
        + c.endpoint()
        + " failed after "
        + attempts
        + (attempts == 1 ? " attempt: " : " attempts: ");
  }

  private void report(CallStats.Outcome outcome) {
    CallStats stats =
        new CallStats(
            c.model(),
            batchSize,
            attempts,
            Duration.ofNanos(c.time().nanoTime() - start),
            Duration.ofNanos(throttledNanos),
            Duration.ofNanos(backoffNanos),
            outcome,
            lastStatus);
    try {
      c.listener().onCall(stats);
    } catch (RuntimeException e) {
      LOG.warn("InferenceListener {} failed on {}; ignoring", c.listener(), stats, e);
    }
  }

  private static byte[] encode(List<PredictInstance> batch) {
    try {
      return TweetJson.mapper().writeValueAsBytes(new PredictRequest(batch));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot encode predict request", e);
    }
  }
}

package io.github.tweetsentiment.pipeline.scoring;

import io.github.tweetsentiment.inference.Auth;
import io.github.tweetsentiment.inference.InferenceListener;
import io.github.tweetsentiment.inference.SentimentClient;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the sentiment endpoint: serializable, so each DoFn instance builds its own client on
 * the worker.
 *
 * @param endpoint the service's base URL
 * @param model the model to ask for ({@code accurate} or {@code fast})
 * @param auth how to authenticate
 * @param timeout limit on one HTTP attempt
 * @param retryBudget how long one call may keep failing transiently before its tweets become dead
 *     letters; zero retries until the call succeeds
 */
public record ClientConfig(
    URI endpoint, String model, AuthMode auth, Duration timeout, Duration retryBudget)
    implements Serializable {

  /** The {@code --sentimentAuth} choices. */
  public enum AuthMode {
    /** No credentials on loopback, a Google ID token elsewhere (Cloud Run's IAM). */
    AUTO,
    /** Never send credentials (a public endpoint or a local one). */
    NONE,
    /** A Google-signed ID token from Application Default Credentials. */
    GOOGLE_ID_TOKEN
  }

  public ClientConfig {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(retryBudget, "retryBudget");
    if (retryBudget.isNegative()) {
      throw new IllegalArgumentException("the retry budget must not be negative: " + retryBudget);
    }
  }

  /** A client reporting each call to {@code listener}. */
  public SentimentClient newClient(InferenceListener listener) {
    SentimentClient.Builder builder =
        SentimentClient.builder(endpoint)
            .model(model)
            .callTimeout(timeout)
            .readTimeout(timeout)
            .listener(listener);
    if (retryBudget.isZero()) {
      builder.retryUntilSuccess();
    } else {
      builder.maxAttempts(Integer.MAX_VALUE).maxRetryTime(retryBudget);
    }
    switch (auth) {
      case NONE -> builder.auth(Auth.none());
      case GOOGLE_ID_TOKEN -> builder.auth(Auth.googleIdToken());
      case AUTO -> {} // The client's default: none on loopback, an ID token elsewhere.
    }
    return builder.build();
  }
}

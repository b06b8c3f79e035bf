package io.github.tweetsentiment.service;

import io.github.tweetsentiment.service.model.Models;
import java.net.URI;
import java.time.Duration;

/**
 * The real sentiment service, in-process, on a random loopback port: for local runs and tests of
 * modules that call the service over HTTP.
 *
 * <pre>{@code
 * try (EmbeddedSentimentService service = EmbeddedSentimentService.start("fast")) {
 *   URI base = service.baseUrl(); // http://127.0.0.1:54321
 *   // POST base + "/v1/models/fast:predict"
 * }
 * }</pre>
 */
public final class EmbeddedSentimentService implements AutoCloseable {

  private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(5);

  private final SentimentServer server;
  private final URI baseUrl;

  private EmbeddedSentimentService(SentimentServer server) {
    this.server = server;
    this.baseUrl = URI.create("http://127.0.0.1:" + server.port());
  }

  /**
   * Starts the HTTP server on 127.0.0.1 with an ephemeral port and blocks until {@code model} is
   * loaded and the service is ready.
   *
   * @param model {@code fast} (loads in well under a second) or {@code accurate} (a few seconds)
   * @throws IllegalStateException when the model cannot be loaded
   * @throws IllegalArgumentException for an unknown model name
   */
  public static EmbeddedSentimentService start(String model) {
    ServiceConfig config = ServiceConfig.defaults("127.0.0.1", 0, model);
    SentimentServer server =
        SentimentServer.start(
            config,
            () -> Models.load(model, null, config.intraOpThreads()),
            failure -> {
              // awaitReady below reports the failure to the caller.
            });
    try {
      server.awaitReady(LOAD_TIMEOUT);
    } catch (RuntimeException e) {
      server.close();
      if (e.getCause() instanceof IllegalArgumentException unknown) {
        throw unknown;
      }
      throw e;
    }
    return new EmbeddedSentimentService(server);
  }

  /** The service's root, such as {@code http://127.0.0.1:54321}, without a trailing slash. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** Stops the server and releases the model. */
  @Override
  public void close() {
    server.close();
  }
}

package io.github.tweetsentiment.localrun;

import io.github.tweetsentiment.service.EmbeddedSentimentService;
import java.io.PrintStream;
import java.util.Locale;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The sentiment endpoint of a local run: a URL as given, or the service started in-process on a
 * loopback port when none is given or it is {@code embedded} (and stopped on close).
 */
final class LocalEndpoint implements AutoCloseable {

  /** The {@code --sentimentEndpoint} value that starts the service in-process. */
  static final String EMBEDDED = "embedded";

  private final String url;
  private final AutoCloseable service;

  private LocalEndpoint(String url, AutoCloseable service) {
    this.url = url;
    this.service = service;
  }

  static LocalEndpoint resolve(@Nullable String endpoint, String model, PrintStream out) {
    if (endpoint != null && !EMBEDDED.equalsIgnoreCase(endpoint.strip())) {
      return new LocalEndpoint(endpoint.strip(), null);
    }
    out.printf("Starting the sentiment service in-process with model '%s'...%n", model);
    EmbeddedSentimentService service =
        EmbeddedSentimentService.start(model.strip().toLowerCase(Locale.ROOT));
    return new LocalEndpoint(service.baseUrl().toString(), service);
  }

  String url() {
    return url;
  }

  /** True when the service runs in this JVM. */
  boolean isEmbedded() {
    return service != null;
  }

  @Override
  public void close() {
    if (service != null) {
      try {
        service.close();
      } catch (Exception e) {
        // Stopping a loopback server at exit: nothing left to do about a failure.
      }
    }
  }
}

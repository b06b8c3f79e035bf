package io.github.tweetsentiment.ingest;

import java.io.IOException;
import java.time.Instant;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The X API a test talks to, registered with {@code @RegisterExtension}: a MockWebServer started
 * before each test and closed after it, and the test clock that the clients of it read and sleep on
 * (and that {@link FakeRecentSearch} and {@link ScriptedServer} move).
 */
final class StandInApi implements BeforeEachCallback, AfterEachCallback {
  final MockWebServer server = new MockWebServer();
  final TestClock clock;

  StandInApi(Instant now) {
    this.clock = new TestClock(now);
  }

  /** Answers every request with {@code dispatcher} rather than the enqueued responses. */
  <D extends Dispatcher> D serve(D dispatcher) {
    server.setDispatcher(dispatcher);
    return dispatcher;
  }

  /** The base URL, as X_API_BASE_URL would give it; the server must have started. */
  HttpUrl url() {
    return server.url("/");
  }

  /** A client of this API with the test token, waiting and backing off on {@link #clock}. */
  XApiClient client(RetryPolicy retry) {
    return new XApiClient(
        new OkHttpClient(),
        url(),
        BearerToken.of(Pages.TOKEN, "X_BEARER_TOKEN"),
        clock,
        clock,
        retry);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    server.start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    server.close();
  }
}

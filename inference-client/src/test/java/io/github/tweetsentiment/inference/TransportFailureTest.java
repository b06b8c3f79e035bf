package io.github.tweetsentiment.inference;

import static io.github.tweetsentiment.inference.Fixtures.instances;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Timeouts, resets and cut-off bodies: every one is an I/O error, retried. */
class TransportFailureTest {

  @RegisterExtension final Fixtures.Endpoint endpoint = new Fixtures.Endpoint();
  private final MockWebServer server = endpoint.server;
  private final List<CallStats> calls = endpoint.calls;
  private final Fixtures.FakeTime time = new Fixtures.FakeTime();

  private SentimentClient.Builder client(URI base) {
    return SentimentClient.builder(base)
        // Generous enough that a loaded CI machine does not time out a healthy exchange.
        .connectTimeout(Duration.ofSeconds(1))
        .readTimeout(Duration.ofSeconds(1))
        .initialBackoff(Duration.ofMillis(1))
        .maxBackoff(Duration.ofMillis(2))
        .timeSource(time)
        .listener(calls::add);
  }

  private SentimentClient.Builder client() {
    return client(server.url("/").uri());
  }

  private static void assertIoFailure(SentimentClient client, int attempts, String message) {
    assertThatThrownBy(() -> client.predict(instances(2)))
        .isInstanceOfSatisfying(
            InferenceException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(InferenceException.Kind.IO);
              assertThat(e.status()).isEqualTo(InferenceException.NO_STATUS);
              assertThat(e.detail()).isNull();
              assertThat(e.retryable()).isTrue();
              assertThat(e.attempts()).isEqualTo(attempts);
              assertThat(e.getCause()).isInstanceOf(IOException.class);
            })
        .hasMessageContaining(message);
  }

  @Test
  void connectTimeout_isRetried_thenReported() throws Exception {
    // A loopback listener that never accepts, with its accept queue filled up: the kernel then
    // drops further SYNs, so our connect hangs until the connect timeout. No packet leaves the
    // machine.
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<Socket> fillers = new ArrayList<>();
      try {
        for (int i = 0; i < 8; i++) {
          Socket filler = new Socket();
          fillers.add(filler);
          try {
            filler.connect(listener.getLocalSocketAddress(), 200);
          } catch (SocketTimeoutException full) {
            break;
          }
        }
        InetSocketAddress address = (InetSocketAddress) listener.getLocalSocketAddress();
        URI base = URI.create("http://127.0.0.1:" + address.getPort() + "/");
        try (SentimentClient client = client(base).maxAttempts(2).build()) {
          assertIoFailure(client, 2, "SocketTimeoutException: Connect timed out");
        }
      } finally {
        for (Socket filler : fillers) {
          filler.close();
        }
      }
    }
    assertThat(calls.get(0).outcome()).isEqualTo(CallStats.Outcome.TRANSIENT_FAILURE);
    assertThat(calls.get(0).status()).isEqualTo(-1);
    assertThat(time.sleeps).hasSize(1);
  }

  @Test
  void connectionRefused_isAnIoError() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    try (SentimentClient client =
        client(URI.create("http://127.0.0.1:" + port + "/")).maxAttempts(3).build()) {
      assertIoFailure(client, 3, "ConnectException");
    }
  }

  @Test
  void readTimeout_waitingForHeaders_isRetried() {
    server.enqueue(Fixtures.ok(2).newBuilder().headersDelay(5, TimeUnit.SECONDS).build());
    server.enqueue(Fixtures.ok(2));
    try (SentimentClient client = client().build()) {
      assertThat(client.predict(instances(2))).hasSize(2);
    }
    assertThat(calls.get(0).attempts()).isEqualTo(2);
    assertThat(calls.get(0).throttled()).isEqualTo(Duration.ZERO);
  }

  @Test
  void readTimeout_inASlowBody_isReported() {
    server.enqueue(Fixtures.ok(2).newBuilder().throttleBody(8, 3, TimeUnit.SECONDS).build());
    try (SentimentClient client = client().maxAttempts(1).build()) {
      assertIoFailure(client, 1, "SocketTimeoutException");
    }
  }

  @Test
  void callTimeout_boundsABodyThatTrickles() {
    // Each chunk arrives within the read timeout, but the whole exchange takes too long.
    server.enqueue(
        Fixtures.ok(2).newBuilder().throttleBody(16, 100, TimeUnit.MILLISECONDS).build());
    try (SentimentClient client =
        client()
            .readTimeout(Duration.ofSeconds(5))
            .callTimeout(Duration.ofMillis(400))
            .maxAttempts(1)
            .build()) {
      assertIoFailure(client, 1, "InterruptedIOException: timeout");
    }
  }

  @Test
  void connectionReset_beforeTheResponse_isRetried() {
    server.enqueue(
        Fixtures.ok(2).newBuilder().onRequestStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(
        Fixtures.ok(2)
            .newBuilder()
            .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    server.enqueue(Fixtures.ok(2));
    try (SentimentClient client = client().build()) {
      assertThat(client.predict(instances(2))).hasSize(2);
    }
    assertThat(calls.get(0).attempts()).isEqualTo(3);
    assertThat(calls.get(0).status()).isEqualTo(200);
  }

  @Test
  void connectionReset_everyTime_isReported() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(
          Fixtures.ok(2).newBuilder().onResponseStart(new SocketEffect.CloseSocket()).build());
    }
    try (SentimentClient client = client().maxAttempts(3).build()) {
      assertIoFailure(client, 3, "IOException");
    }
  }

  @Test
  void truncatedBody_isAnIoError_andRetried() {
    // The socket closes in the middle of the body: the transfer is incomplete.
    server.enqueue(
        Fixtures.ok(2).newBuilder().onResponseBody(new SocketEffect.CloseSocket()).build());
    server.enqueue(Fixtures.ok(2));
    try (SentimentClient client = client().build()) {
      assertThat(client.predict(instances(2))).hasSize(2);
    }
    assertThat(calls.get(0).attempts()).isEqualTo(2);
  }

  @Test
  void bodyShorterThanContentLength_isAnIoError() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "application/json")
            .body("{\"predictions\":[")
            .setHeader("Content-Length", 500)
            .onResponseEnd(new SocketEffect.CloseSocket())
            .build());
    try (SentimentClient client = client().maxAttempts(1).build()) {
      assertIoFailure(client, 1, "");
    }
  }
}

package io.github.tweetsentiment.inference;

import static io.github.tweetsentiment.inference.Fixtures.instances;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.Protocol;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;

/** HTTP/2 when the server offers it, one connection pool shared by every client, Nagle off. */
class ConnectionTest {

  @Test
  void clients_shareOneConnectionPool() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(Fixtures.ok(1));
      server.enqueue(Fixtures.ok(1));
      try (SentimentClient first = SentimentClient.builder(server.url("/").uri()).build();
          SentimentClient second =
              SentimentClient.builder(server.url("/").uri()).model("fast").build()) {
        first.predict(instances(1));
        second.predict(instances(1));
      }
      RecordedRequest a = server.takeRequest(5, TimeUnit.SECONDS);
      RecordedRequest b = server.takeRequest(5, TimeUnit.SECONDS);
      // The second client's request travels on the connection the first one opened.
      assertThat(b.getConnectionIndex()).isEqualTo(a.getConnectionIndex());
      assertThat(b.getExchangeIndex()).isEqualTo(a.getExchangeIndex() + 1);
    }
  }

  /** Whether each connection a client's calls used had TCP_NODELAY set, read as it was used. */
  private static final class SocketsUsed extends EventListener {
    final List<Boolean> noDelay = new CopyOnWriteArrayList<>();

    @Override
    public void connectionAcquired(Call call, Connection connection) {
      try {
        noDelay.add(connection.socket().getTcpNoDelay());
      } catch (SocketException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Test
  void connections_sendWithoutWaitingForAcks_tcpNoDelay() throws Exception {
    // With Nagle on, a request over one write waited 40 ms for the peer's delayed ACK.
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(Fixtures.ok(100));
      SocketsUsed used = new SocketsUsed();
      try (SentimentClient client =
          SentimentClient.builder(server.url("/").uri())
              .httpCustomizer(b -> b.eventListener(used))
              .build()) {
        assertThat(client.predict(instances(100))).hasSize(100);
      }
      assertThat(used.noDelay).isNotEmpty().containsOnly(true);
    }
  }

  @Test
  void https_negotiatesHttp2WhenOffered() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      HeldCertificate certificate = useHttps(server);
      server.setProtocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
      server.start();
      server.enqueue(Fixtures.ok(2));
      server.enqueue(Fixtures.ok(3));
      HandshakeCertificates trust =
          new HandshakeCertificates.Builder()
              .addTrustedCertificate(certificate.certificate())
              .build();
      SocketsUsed used = new SocketsUsed();
      try (SentimentClient client =
          SentimentClient.builder(server.url("/").uri())
              .auth(Auth.bearer("token"))
              .httpCustomizer(
                  b ->
                      b.sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
                          .eventListener(used))
              .build()) {
        assertThat(client.predict(instances(2))).hasSize(2);
        assertThat(client.predict(instances(3))).hasSize(3);
      }
      // TLS runs over the socket the factory made: Nagle is off under it too.
      assertThat(used.noDelay).isNotEmpty().containsOnly(true);
      RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
      assertThat(request.getVersion()).isEqualTo("HTTP/2");
      assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer token");
      assertThat(server.takeRequest(5, TimeUnit.SECONDS).getConnectionIndex())
          .isEqualTo(request.getConnectionIndex());
    }
  }

  @Test
  void https_withAnUntrustedCertificate_failsAtOnce() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      useHttps(server);
      server.start();
      server.enqueue(Fixtures.ok(1));
      try (SentimentClient client =
          SentimentClient.builder(server.url("/").uri()).auth(Auth.none()).build()) {
        assertThatThrownBy(() -> client.predict(instances(1)))
            .isInstanceOfSatisfying(
                InferenceException.class,
                e -> {
                  assertThat(e.kind()).isEqualTo(InferenceException.Kind.IO);
                  assertThat(e.retryable()).isFalse();
                  assertThat(e.attempts()).isEqualTo(1);
                })
            .hasMessageContaining("SSLHandshakeException");
      }
    }
  }

  /** Makes {@code server} speak HTTPS with a new certificate for the loopback host; returns it. */
  private static HeldCertificate useHttps(MockWebServer server) {
    HeldCertificate certificate =
        new HeldCertificate.Builder()
            .addSubjectAlternativeName("localhost")
            .addSubjectAlternativeName("127.0.0.1")
            .build();
    server.useHttps(
        new HandshakeCertificates.Builder()
            .heldCertificate(certificate)
            .build()
            .sslSocketFactory());
    return certificate;
  }
}

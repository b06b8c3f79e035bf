package io.github.tweetsentiment.inference;

import static io.github.tweetsentiment.inference.Fixtures.instances;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.auth.oauth2.IdToken;
import com.google.auth.oauth2.IdTokenProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AuthTest {

  private static final String SECRET = "s3cr3t-token-value-0123456789";

  @RegisterExtension final Fixtures.Endpoint endpoint = new Fixtures.Endpoint();
  private final MockWebServer server = endpoint.server;

  private RecordedRequest take() throws InterruptedException {
    return server.takeRequest(5, TimeUnit.SECONDS);
  }

  /**
   * An unsigned JWT shaped like a Google ID token. IdToken only parses it; nothing here verifies a
   * signature, which is the endpoint's job.
   */
  static String jwt(String audience, Instant expiry, int serial) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
    String payload =
        "{\"iss\":\"https://accounts.google.com\",\"aud\":\""
            + audience
            + "\",\"sub\":\"worker-"
            + serial
            + "\",\"iat\":"
            + (expiry.getEpochSecond() - 3600)
            + ",\"exp\":"
            + expiry.getEpochSecond()
            + "}";
    return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString("signature".getBytes(StandardCharsets.UTF_8));
  }

  /** Mints tokens valid for {@code lifetime}, counting how often it is asked. */
  static final class CountingProvider implements IdTokenProvider {
    final AtomicInteger minted = new AtomicInteger();
    final List<String> audiences = new CopyOnWriteArrayList<>();
    private final Duration lifetime;

    CountingProvider(Duration lifetime) {
      this.lifetime = lifetime;
    }

    @Override
    public IdToken idTokenWithAudience(String audience, List<Option> options) throws IOException {
      audiences.add(audience);
      return IdToken.create(jwt(audience, Instant.now().plus(lifetime), minted.incrementAndGet()));
    }
  }

  @Test
  void loopbackEndpoint_sendsNoAuthorizationByDefault() throws Exception {
    server.enqueue(Fixtures.ok(1));
    try (SentimentClient client = endpoint.quickClient().build()) {
      assertThat(client.toString()).contains("Auth.none()");
      client.predict(instances(1));
    }
    assertThat(take().getHeaders().get("Authorization")).isNull();
  }

  @Test
  void bearer_isSent_andNeverShown() throws Exception {
    server.enqueue(Fixtures.ok(1));
    server.enqueue(Fixtures.problem(401, "token rejected"));
    try (SentimentClient client = endpoint.quickClient().auth(Auth.bearer(SECRET)).build()) {
      client.predict(instances(1));
      assertThatThrownBy(() -> client.predict(instances(1)))
          .isInstanceOfSatisfying(
              InferenceException.class,
              e -> {
                assertThat(e.status()).isEqualTo(401);
                assertThat(e.retryable()).isFalse();
                assertThat(e.toString()).doesNotContain(SECRET);
                assertThat(e.detail()).doesNotContain(SECRET);
              })
          .hasMessageContaining("Auth.bearer(<redacted>)")
          .hasMessageNotContaining(SECRET);
      assertThat(client.toString()).doesNotContain(SECRET);
    }
    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer " + SECRET);
    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer " + SECRET);
    assertThat(Auth.bearer(SECRET).toString()).doesNotContain(SECRET);
    assertThat(endpoint.calls.toString()).doesNotContain(SECRET);
  }

  @Test
  void bearer_rejectsTokensThatWouldBreakTheHeader() {
    assertThatThrownBy(() -> Auth.bearer(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Auth.bearer("abc\r\nX-Evil: 1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("abc");
  }

  @Test
  void none_canBeForcedAndSendsNothing() throws Exception {
    server.enqueue(Fixtures.ok(1));
    try (SentimentClient client = endpoint.quickClient().auth(Auth.none()).build()) {
      client.predict(instances(1));
    }
    assertThat(take().getHeaders().get("Authorization")).isNull();
  }

  @Test
  void googleIdToken_sendsATokenForTheEndpointOrigin_andCachesIt() throws Exception {
    CountingProvider provider = new CountingProvider(Duration.ofHours(1));
    for (int i = 0; i < 3; i++) {
      server.enqueue(Fixtures.ok(1));
    }
    try (SentimentClient client =
        SentimentClient.builder(server.url("/some/prefix/").uri())
            .auth(Auth.googleIdToken(provider, null))
            .build()) {
      for (int i = 0; i < 3; i++) {
        client.predict(instances(1));
      }
    }
    String origin = "http://" + server.getHostName() + ":" + server.getPort();
    assertThat(provider.audiences).containsExactly(origin);
    assertThat(provider.minted).hasValue(1);
    String first = take().getHeaders().get("Authorization");
    assertThat(first).startsWith("Bearer ");
    String payload =
        new String(
            Base64.getUrlDecoder().decode(first.substring("Bearer ".length()).split("\\.")[1]),
            StandardCharsets.UTF_8);
    assertThat(payload).contains("\"aud\":\"" + origin + "\"").contains("\"sub\":\"worker-1\"");
    assertThat(take().getHeaders().get("Authorization")).isEqualTo(first);
    assertThat(take().getHeaders().get("Authorization")).isEqualTo(first);
  }

  @Test
  void googleIdToken_isRefreshedWhenItIsAboutToExpire() throws Exception {
    // Tokens that expire within google-auth's expiration margin are treated as expired.
    CountingProvider provider = new CountingProvider(Duration.ofSeconds(30));
    server.enqueue(Fixtures.ok(1));
    server.enqueue(Fixtures.ok(1));
    try (SentimentClient client =
        endpoint
            .quickClient()
            .auth(Auth.googleIdToken(provider, "https://custom-audience.example"))
            .build()) {
      client.predict(instances(1));
      client.predict(instances(1));
    }
    assertThat(provider.minted).hasValue(2);
    assertThat(provider.audiences).containsOnly("https://custom-audience.example");
    assertThat(take().getHeaders().get("Authorization"))
        .isNotEqualTo(take().getHeaders().get("Authorization"));
  }

  @Test
  void googleIdToken_whenMintingFails_isACredentialsError() {
    IdTokenProvider broken =
        (audience, options) -> {
          throw new IOException("metadata server unreachable");
        };
    try (SentimentClient client =
        endpoint.quickClient().maxAttempts(2).auth(Auth.googleIdToken(broken, null)).build()) {
      assertThatThrownBy(() -> client.predict(instances(1)))
          .isInstanceOfSatisfying(
              InferenceException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(InferenceException.Kind.CREDENTIALS);
                assertThat(e.status()).isEqualTo(-1);
                assertThat(e.attempts()).isEqualTo(2);
                assertThat(e.retryable()).isTrue();
              })
          .hasMessageContaining("metadata server unreachable");
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void googleIdToken_refusedByTheEndpoint_explainsTheFix() {
    server.enqueue(Fixtures.problem(403, "Forbidden"));
    try (SentimentClient client =
        endpoint
            .quickClient()
            .auth(Auth.googleIdToken(new CountingProvider(Duration.ofHours(1)), null))
            .build()) {
      assertThatThrownBy(() -> client.predict(instances(1)))
          .isInstanceOf(InferenceException.class)
          .hasMessageContaining("roles/run.invoker")
          .hasMessageNotContaining("Bearer");
    }
  }
}

package io.github.tweetsentiment.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import org.junit.jupiter.api.Test;

class EmbeddedSentimentServiceTest {

  @Test
  void start_servesTheModelOnLoopbackAndIsReadyAtOnce() {
    URI base;
    try (EmbeddedSentimentService service = EmbeddedSentimentService.start("fast")) {
      base = service.baseUrl();
      assertThat(base.getScheme()).isEqualTo("http");
      assertThat(base.getHost()).isEqualTo("127.0.0.1");
      assertThat(base.getPort()).isPositive();
      assertThat(base.getPath()).isEmpty();

      HttpTestClient http = new HttpTestClient(base);
      assertThat(http.get("/health/ready").status()).isEqualTo(200);
      HttpTestClient.Reply reply =
          http.post(
              "/v1/models/fast:predict", "{\"instances\":[{\"id\":\"1\",\"text\":\"great!\"}]}");
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.json().get("model").asText()).isEqualTo("fast");
    }
    assertThat(isListening(base.getPort())).isFalse();
  }

  @Test
  void start_unknownModel_failsWithTheNamesThatExist() {
    assertThatThrownBy(() -> EmbeddedSentimentService.start("huge"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown model 'huge'")
        .hasMessageContaining("'accurate', 'best' or 'fast'");
  }

  private static boolean isListening(int port) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      return socket.isConnected();
    } catch (IOException e) {
      return false;
    }
  }
}

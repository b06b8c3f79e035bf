package io.github.tweetsentiment.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tweetsentiment.core.predict.PredictInstance;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PredictRequestReaderTest {

  private final PredictRequestReader reader =
      new PredictRequestReader(new ServiceLimits(3, 100, 10));

  @Test
  void parse_readsIdsAndTexts() {
    assertThat(
            reader.parse(
                "{\"instances\":[{\"id\":\"7\",\"text\":\"hi\"},{\"id\":8,\"text\":\"yo\"},{\"text\":\"\"}]}"))
        .containsExactly(
            new PredictInstance("7", "hi"),
            new PredictInstance("8", "yo"),
            new PredictInstance(null, ""));
  }

  @Test
  void parse_ignoresUnknownFields() {
    assertThat(
            reader.parse("{\"instances\":[{\"text\":\"hi\",\"lang\":\"en\"}],\"parameters\":{}}"))
        .containsExactly(new PredictInstance(null, "hi"));
  }

  @Test
  void parse_limits() {
    assertThatThrownBy(
            () ->
                reader.parse(
                    "{\"instances\":[{\"text\":\"a\"},{\"text\":\"b\"},{\"text\":\"c\"},{\"text\":\"d\"}]}"))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(413))
        .hasMessageContaining("4 instances; the limit is 3");
    assertThatThrownBy(
            () -> reader.parse("{\"instances\":[{\"text\":\"a\"},{\"text\":\"01234567890\"}]}"))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining("instances[1].text has 11 characters; the limit is 10");
  }

  @Test
  void readBody_enforcesTheLimitWithAndWithoutContentLength() throws Exception {
    byte[] ok = new byte[100];
    assertThat(reader.readBody(new ByteArrayInputStream(ok), 100)).hasSize(100);
    assertThatThrownBy(() -> reader.readBody(new ByteArrayInputStream(new byte[101]), -1))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(413));
    assertThatThrownBy(() -> reader.readBody(new ByteArrayInputStream(new byte[0]), 5000))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(413));
  }

  @Test
  void decodeUtf8_acceptsMultibyteAndRejectsBrokenSequencesWithTheirOffset() {
    assertThat(PredictRequestReader.decodeUtf8("héllo 😍".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("héllo 😍");
    assertThatThrownBy(() -> PredictRequestReader.decodeUtf8(new byte[] {'a', 'b', (byte) 0xFF}))
        .hasMessageContaining("offset 2");
    // a truncated 3-byte sequence at the end
    assertThatThrownBy(
            () -> PredictRequestReader.decodeUtf8(new byte[] {'a', (byte) 0xE2, (byte) 0x82}))
        .isInstanceOf(ProblemException.class);
    // an overlong encoding of '/'
    assertThatThrownBy(() -> PredictRequestReader.decodeUtf8(new byte[] {(byte) 0xC0, (byte) 0xAF}))
        .isInstanceOf(ProblemException.class);
  }

  @Test
  void checkContentType_acceptsJsonVariantsOnly() {
    reader.checkContentType(null);
    reader.checkContentType("application/json");
    reader.checkContentType("application/json; charset=utf-8");
    reader.checkContentType("application/vnd.predict+json");
    assertThatThrownBy(() -> reader.checkContentType("text/plain"))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(415));
  }

  @Test
  void unpairedSurrogate_findsLoneHalves() {
    assertThat(PredictRequestReader.unpairedSurrogate("ok 😍")).isEqualTo(-1);
    assertThat(PredictRequestReader.unpairedSurrogate("ab\uD83D")).isEqualTo(2);
    assertThat(PredictRequestReader.unpairedSurrogate("\uDE0Dx")).isEqualTo(0);
  }
}

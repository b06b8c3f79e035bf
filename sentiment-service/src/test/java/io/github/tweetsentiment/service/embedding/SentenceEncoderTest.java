package io.github.tweetsentiment.service.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The real int8 encoders from the langchain4j jars, on ONNX Runtime. */
class SentenceEncoderTest {

  static List<Encoder> encoders() {
    return Encoder.ALL;
  }

  @ParameterizedTest
  @MethodSource("encoders")
  void encode_givesUnitClsAndMeanVectorsAndAMaxAboveTheMean(Encoder encoder) {
    try (SentenceEncoder e = SentenceEncoder.load(encoder, 1)) {
      float[][] v = e.encode(List.of("good morning everyone", ""));
      int d = encoder.dimension();
      assertThat(v).hasNumberOfRows(2);
      for (float[] row : v) {
        assertThat(row).hasSize(3 * d);
        assertThat(norm(Arrays.copyOfRange(row, 0, d))).isCloseTo(1.0, Offset.offset(1e-4));
        assertThat(norm(Arrays.copyOfRange(row, d, 2 * d))).isCloseTo(1.0, Offset.offset(1e-4));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("encoders")
  void encode_doesNotDependOnTheOtherTextsOfARequest(Encoder encoder) {
    try (SentenceEncoder e = SentenceEncoder.load(encoder, 1)) {
      float[] alone = e.encode(List.of("good morning everyone"))[0];
      float[] withOthers =
          e.encode(
                  List.of(
                      "a much longer tweet about the weather, the traffic and the game last night",
                      "good morning everyone",
                      "hi"))[1];
      assertThat(withOthers).containsExactly(alone);
    }
  }

  @ParameterizedTest
  @MethodSource("encoders")
  void encode_placesParaphrasesCloserThanUnrelatedTexts(Encoder encoder) {
    try (SentenceEncoder e = SentenceEncoder.load(encoder, 1)) {
      float[][] v =
          e.encode(
              List.of(
                  "I really love this new phone",
                  "this new phone is great, I love it",
                  "the train to Boston leaves at noon"));
      int d = encoder.dimension();
      // The mean pooling is the one all three encoders are trained to make meaningful.
      assertThat(dot(v[0], v[1], d)).isGreaterThan(dot(v[0], v[2], d) + 0.1);
    }
  }

  @org.junit.jupiter.api.Test
  void encode_truncatesVeryLongTexts() {
    try (SentenceEncoder e = SentenceEncoder.load(Encoder.MINILM, 1)) {
      assertThat(e.encode(List.of("word ".repeat(2000)))[0]).hasSize(e.width());
    }
  }

  @org.junit.jupiter.api.Test
  void pool_takesTheFirstTokenTheMeanAndTheMax() {
    java.nio.FloatBuffer hidden = java.nio.FloatBuffer.wrap(new float[] {3, 0, 1, 2, -1, 4});
    float[] out = SentenceEncoder.pool(hidden, 3, 2);
    // [CLS] (3, 0) and the mean (1, 2) are scaled to unit length; the maximum (3, 4) is not.
    float mean0 = (float) (1 / Math.sqrt(5));
    assertThat(out)
        .containsExactly(
            new float[] {1, 0, mean0, 2 * mean0, 3, 4}, org.assertj.core.data.Offset.offset(1e-6f));
  }

  @org.junit.jupiter.api.Test
  void byId_namesTheKnownEncodersWhenItFails() {
    assertThat(Encoder.parseList("bge, e5,minilm")).containsExactlyElementsOf(Encoder.ALL);
    assertThatThrownBy(() -> Encoder.byId("gpt")).hasMessageContaining("bge, e5, minilm");
  }

  private static double norm(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  private static double dot(float[] a, float[] b, int from) {
    double s = 0;
    for (int i = from; i < 2 * from; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}

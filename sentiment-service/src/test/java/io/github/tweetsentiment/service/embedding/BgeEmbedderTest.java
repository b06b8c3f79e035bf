package io.github.tweetsentiment.service.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real bge-small ONNX model from the langchain4j jar, on ONNX Runtime. */
class BgeEmbedderTest {

  private static BgeEmbedder embedder;

  @BeforeAll
  static void load() {
    embedder = BgeEmbedder.load(1);
  }

  @AfterAll
  static void close() {
    embedder.close();
  }

  @Test
  void embed_givesUnitVectorsOf384Dimensions() {
    float[][] v = embedder.embed(List.of("good morning everyone", ""));
    assertThat(v).hasNumberOfRows(2);
    for (float[] row : v) {
      assertThat(row).hasSize(BgeEmbedder.DIMENSION);
      double norm = 0;
      for (float x : row) {
        norm += x * x;
      }
      assertThat(Math.sqrt(norm)).isCloseTo(1.0, Offset.offset(1e-4));
    }
  }

  @Test
  void embed_doesNotDependOnTheOtherTextsOfARequest() {
    float[] alone = embedder.embed(List.of("good morning everyone"))[0];
    float[] withOthers =
        embedder
            .embed(
                List.of(
                    "a much longer tweet about the weather, the traffic and the game last night",
                    "good morning everyone",
                    "hi"))[1];
    assertThat(withOthers).containsExactly(alone);
  }

  @Test
  void embed_placesParaphrasesCloserThanUnrelatedTexts() {
    float[][] v =
        embedder.embed(
            List.of(
                "I really love this new phone",
                "this new phone is great, I love it",
                "the train to Boston leaves at noon"));
    assertThat(dot(v[0], v[1])).isGreaterThan(dot(v[0], v[2]) + 0.1);
  }

  @Test
  void embed_truncatesVeryLongTexts() {
    String longText = "word ".repeat(2000);
    assertThat(embedder.embed(List.of(longText))[0]).hasSize(BgeEmbedder.DIMENSION);
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}

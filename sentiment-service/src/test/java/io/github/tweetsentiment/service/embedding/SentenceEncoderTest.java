package io.github.tweetsentiment.service.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import io.github.tweetsentiment.service.onnx.OnnxGraphs;
import io.github.tweetsentiment.service.onnx.OrtSessions;
import io.github.tweetsentiment.service.onnx.TinyOnnxClassifier;
import io.github.tweetsentiment.service.onnx.TransformerTokenizer;
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
  void encodeTuned_runsTheTopOnTheTappedLayerAndLeavesTheFeaturesAsTheyWere() throws Exception {
    int d = Encoder.BGE.dimension();
    float[] pick = new float[d * 3];
    pick[0] = 1; // logit c = sum over tokens of hidden dimension c
    pick[3 + 1] = 1;
    pick[6 + 2] = 1;
    byte[] top = TinyOnnxClassifier.tunedTop(d, pick);
    List<String> texts = List.of("good morning everyone", "what a terrible match");
    try (SentenceEncoder plain = SentenceEncoder.load(Encoder.BGE, 1);
        SentenceEncoder tapped9 =
            SentenceEncoder.load(Encoder.BGE, 1, new SentenceEncoder.Tap(9, top));
        SentenceEncoder tapped5 =
            SentenceEncoder.load(Encoder.BGE, 1, new SentenceEncoder.Tap(5, top))) {
      SentenceEncoder.Encoded at9 = tapped9.encodeTuned(texts);

      assertThat(at9.pooled()).isDeepEqualTo(plain.encode(texts));
      assertThat(at9.tunedLogits()[0])
          .containsExactly(hiddenSums(texts.get(0), 9), Offset.offset(1e-3));
      assertThat(tapped9.encodeTuned(texts.subList(1, 2)).tunedLogits()[0])
          .containsExactly(at9.tunedLogits()[1]);
      assertThat(tapped5.encodeTuned(texts).tunedLogits()[0]).isNotEqualTo(at9.tunedLogits()[0]);
      assertThatThrownBy(() -> plain.encodeTuned(texts))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no tuned top");
    }
  }

  @org.junit.jupiter.api.Test
  void load_namesALayerTheEncoderDoesNotHaveAndATopOfTheWrongShape() {
    byte[] top = TinyOnnxClassifier.tunedTop(384, new float[384 * 3]);
    assertThatThrownBy(
            () -> SentenceEncoder.load(Encoder.MINILM, 1, new SentenceEncoder.Tap(6, top)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no inner layer 6");
    byte[] classifier = TinyOnnxClassifier.build(10, 3, java.util.Map.of());
    assertThatThrownBy(
            () -> SentenceEncoder.load(Encoder.MINILM, 1, new SentenceEncoder.Tap(3, classifier)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must take inputs [hidden, attention_mask]");
  }

  /** The first three dimensions of bge's hidden states after a layer, summed over the tokens. */
  private static double[] hiddenSums(String text, int layer) throws Exception {
    String name = TunedTop.layerOutput(layer);
    byte[] model;
    try (java.io.InputStream in = SentenceEncoder.class.getResourceAsStream(Encoder.BGE.model())) {
      model = OnnxGraphs.withOutputs(in.readAllBytes(), List.of(name));
    }
    byte[] tokenizerJson;
    try (java.io.InputStream in =
        SentenceEncoder.class.getResourceAsStream(Encoder.BGE.tokenizer())) {
      tokenizerJson = in.readAllBytes();
    }
    try (var session = OrtSessions.create(model, 1);
        var tokenizer = TransformerTokenizer.fromJson(tokenizerJson, SentenceEncoder.MAX_TOKENS)) {
      var inputs = OrtSessions.inputs(session, tokenizer.pad(tokenizer.tokenize(List.of(text))));
      try (var result = session.run(inputs)) {
        float[][][] hidden = (float[][][]) result.get(name).orElseThrow().getValue();
        double[] sums = new double[3];
        for (float[] token : hidden[0]) {
          for (int c = 0; c < 3; c++) {
            sums[c] += token[c];
          }
        }
        return sums;
      } finally {
        inputs.values().forEach(OnnxTensor::close);
      }
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

package io.github.tweetsentiment.service.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.LongBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnnxGraphsTest {

  private static final byte[] MODEL =
      TinyOnnxClassifier.build(
          5, 2, Map.of(1, new float[] {1f, -1f}, 2, new float[] {0.5f, 2f}, 3, new float[] {3, 0}));

  @Test
  void withOutputs_exposesAnInnerTensorAndLeavesTheOtherOutputsAlone() throws Exception {
    byte[] edited = OnnxGraphs.withOutputs(MODEL, List.of("emb"));

    try (OrtSession plain = OrtSessions.create(MODEL, 1);
        OrtSession tapped = OrtSessions.create(edited, 1)) {
      assertThat(plain.getOutputNames()).containsExactly("logits");
      assertThat(tapped.getOutputNames()).containsExactly("logits", "emb");
      float[][] before = logits(plain);
      try (OrtSession.Result r = tapped.run(inputs())) {
        assertThat((float[][]) r.get("logits").orElseThrow().getValue()).isDeepEqualTo(before);
        // emb is the table row of each token: ids 1, 2, 3.
        float[][][] emb = (float[][][]) r.get("emb").orElseThrow().getValue();
        assertThat(emb[0]).isDeepEqualTo(new float[][] {{1f, -1f}, {0.5f, 2f}, {3f, 0f}});
      }
    }
  }

  @Test
  void withOutputs_rejectsBytesThatAreNotAModel() {
    assertThatThrownBy(() -> OnnxGraphs.withOutputs(new byte[] {8, 1}, List.of("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no graph");
    byte[] cut = java.util.Arrays.copyOf(MODEL, MODEL.length / 2);
    assertThatThrownBy(() -> OnnxGraphs.withOutputs(cut, List.of("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("runs past the end");
  }

  private static float[][] logits(OrtSession session) throws Exception {
    try (OrtSession.Result r = session.run(inputs())) {
      return (float[][]) r.get("logits").orElseThrow().getValue();
    }
  }

  private static Map<String, OnnxTensor> inputs() throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    long[] shape = {1, 3};
    return Map.of(
        "input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {1, 2, 3}), shape),
        "attention_mask",
            OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {1, 1, 1}), shape));
  }
}

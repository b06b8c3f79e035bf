package io.github.tweetsentiment.service.embedding;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.tweetsentiment.service.onnx.OrtSessions;
import java.util.Map;
import java.util.Set;

/**
 * An encoder's top layers fine-tuned on TweetEval, with a classification head: an ONNX model that
 * takes the frozen int8 encoder's hidden states after an inner layer ({@code hidden}, {@code [1,
 * tokens, d]}, and {@code attention_mask}) and gives three {@code logits}. The lower layers stay
 * the Maven Central encoder's, so only the top layers ship with the project (decision 0077).
 * Thread-safe.
 */
public final class TunedTop implements AutoCloseable {

  static final String HIDDEN = "hidden";
  static final String MASK = "attention_mask";
  static final String LOGITS = "logits";

  private final OrtSession session;

  private TunedTop(OrtSession session) {
    this.session = session;
  }

  /**
   * The name the Hugging Face ONNX export gives the hidden states after an encoder layer (counted
   * from 0), the tensor a tuned top reads.
   */
  public static String layerOutput(int layer) {
    return "/encoder/layer." + layer + "/output/LayerNorm/Add_1_output_0";
  }

  /** Loads a tuned top's ONNX model, checking that it has the inputs and output it must have. */
  public static TunedTop load(byte[] model, int intraOpThreads) {
    OrtSession session;
    try {
      session = OrtSessions.create(model, intraOpThreads);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime cannot load the tuned top layers", e);
    }
    if (!session.getInputNames().equals(Set.of(HIDDEN, MASK))
        || !session.getOutputNames().contains(LOGITS)) {
      String found = session.getInputNames() + " -> " + session.getOutputNames();
      try {
        session.close();
      } catch (OrtException ignored) {
        // The model is refused either way; its shape is the error to report.
      }
      throw new IllegalArgumentException(
          "a tuned top must take inputs [hidden, attention_mask] and give logits; this one has "
              + found);
    }
    return new TunedTop(session);
  }

  /**
   * The logits of one text from its hidden states ({@code [1, tokens, d]}, no padding) and the
   * attention mask the encoder ran with ({@code [1, tokens]}).
   */
  double[] logits(OnnxTensor hidden, OnnxTensor mask) throws OrtException {
    try (OrtSession.Result result = session.run(Map.of(HIDDEN, hidden, MASK, mask))) {
      float[] z = ((float[][]) result.get(LOGITS).orElseThrow().getValue())[0];
      double[] out = new double[z.length];
      for (int c = 0; c < z.length; c++) {
        out[c] = z[c];
      }
      return out;
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close the tuned top's session", e);
    }
  }
}

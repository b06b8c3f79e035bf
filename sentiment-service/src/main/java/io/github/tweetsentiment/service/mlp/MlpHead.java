package io.github.tweetsentiment.service.mlp;

import java.util.Map;

/**
 * A one-hidden-layer perceptron over dense features: {@code W2 relu(W1 x + b1) + b2}, giving one
 * logit per class.
 *
 * <p>{@code w1} is stored input-major ({@code w1[j * hidden + k]}) and {@code w2} hidden-major
 * ({@code w2[k * classes + c]}), so both layers run as runs of contiguous multiply-adds that the
 * JIT vectorizes. Immutable and thread-safe.
 */
public final class MlpHead {

  /** Named arrays under which a head file stores the layers. */
  public static final String W1 = "mlp_w1";

  public static final String B1 = "mlp_b1";
  public static final String W2 = "mlp_w2";
  public static final String B2 = "mlp_b2";

  private final int inputs;
  private final int hidden;
  private final int classes;
  private final float[] w1;
  private final float[] b1;
  private final float[] w2;
  private final float[] b2;

  /** Takes ownership of the arrays. */
  public MlpHead(int inputs, float[] w1, float[] b1, float[] w2, float[] b2) {
    this.inputs = inputs;
    this.hidden = b1.length;
    this.classes = b2.length;
    if (w1.length != (long) inputs * hidden || w2.length != hidden * classes) {
      throw new IllegalArgumentException(
          "MLP layer sizes disagree: "
              + inputs
              + " inputs, "
              + hidden
              + " hidden, "
              + classes
              + " classes, but "
              + w1.length
              + " and "
              + w2.length
              + " weights");
    }
    this.w1 = w1;
    this.b1 = b1;
    this.w2 = w2;
    this.b2 = b2;
  }

  /** The head stored in a head file's named arrays. */
  public static MlpHead fromArrays(int inputs, Map<String, float[]> arrays) {
    for (String name : new String[] {W1, B1, W2, B2}) {
      if (!arrays.containsKey(name)) {
        throw new IllegalStateException("model file has no MLP array '" + name + "'");
      }
    }
    return new MlpHead(
        inputs,
        arrays.get(W1).clone(),
        arrays.get(B1).clone(),
        arrays.get(W2).clone(),
        arrays.get(B2).clone());
  }

  /** The layers as named arrays, for a head file. */
  public Map<String, float[]> toArrays() {
    return Map.of(W1, w1.clone(), B1, b1.clone(), W2, w2.clone(), B2, b2.clone());
  }

  public int inputs() {
    return inputs;
  }

  public int hidden() {
    return hidden;
  }

  /** The class logits for {@code x}. */
  public double[] logits(float[] x) {
    if (x.length != inputs) {
      throw new IllegalArgumentException("expected " + inputs + " inputs, got " + x.length);
    }
    float[] h = b1.clone();
    for (int j = 0; j < inputs; j++) {
      float v = x[j];
      if (v != 0) {
        int base = j * hidden;
        for (int k = 0; k < hidden; k++) {
          h[k] += v * w1[base + k];
        }
      }
    }
    double[] z = new double[classes];
    for (int c = 0; c < classes; c++) {
      z[c] = b2[c];
    }
    for (int k = 0; k < hidden; k++) {
      if (h[k] > 0) {
        for (int c = 0; c < classes; c++) {
          z[c] += h[k] * w2[k * classes + c];
        }
      }
    }
    return z;
  }
}

package io.github.tweetsentiment.service.embedding;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.tweetsentiment.service.onnx.OrtSessions;
import io.github.tweetsentiment.service.onnx.TransformerTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one {@link Encoder} with ONNX Runtime and pools its last hidden states three ways at once: a
 * text's features are {@code [cls | mean | max]}, each {@link Encoder#dimension()} wide ({@link
 * Pooling}).
 *
 * <p>Each text runs through ONNX Runtime on its own: the int8 models quantize activations with one
 * scale per tensor, so in a batch every text's features would depend on its neighbours (and on
 * padding); alone, a tweet always gets the same features and no work is spent on padding. Measured,
 * one text per call is within 10 % of the best batching (decision 0015). Thread-safe.
 */
public final class SentenceEncoder implements AutoCloseable {

  /** Tweets are short: 128 word pieces cover all but a handful, and bound the cost of a call. */
  public static final int MAX_TOKENS = 128;

  private final Encoder encoder;
  private final OrtSession session;
  private final TransformerTokenizer tokenizer;
  private final String outputName;

  private SentenceEncoder(Encoder encoder, OrtSession session, TransformerTokenizer tokenizer)
      throws OrtException {
    this.encoder = encoder;
    this.session = session;
    this.tokenizer = tokenizer;
    this.outputName = session.getOutputNames().iterator().next();
  }

  /**
   * Loads an encoder from the class path.
   *
   * @param intraOpThreads threads one call may use (see {@link OrtSessions#create})
   */
  public static SentenceEncoder load(Encoder encoder, int intraOpThreads) {
    byte[] model = resource(encoder, encoder.model());
    byte[] tokenizerJson = resource(encoder, encoder.tokenizer());
    try {
      TransformerTokenizer tokenizer = TransformerTokenizer.fromJson(tokenizerJson, MAX_TOKENS);
      try {
        return new SentenceEncoder(encoder, OrtSessions.create(model, intraOpThreads), tokenizer);
      } catch (OrtException | RuntimeException e) {
        tokenizer.close();
        throw e;
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime cannot load " + encoder.model(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load tokenizer " + encoder.tokenizer(), e);
    }
  }

  private static byte[] resource(Encoder encoder, String name) {
    try (InputStream in = SentenceEncoder.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            name
                + " is missing from the class path: the jar "
                + encoder.artifact()
                + " must be on it");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }

  public Encoder encoder() {
    return encoder;
  }

  /** The width of one text's features: three poolings. */
  public int width() {
    return 3 * encoder.dimension();
  }

  /** The pooled features of the texts (already normalized by the caller), one row per text. */
  public float[][] encode(List<String> texts) {
    List<String> prefixed = texts;
    if (!encoder.prefix().isEmpty()) {
      prefixed = new ArrayList<>(texts.size());
      for (String t : texts) {
        prefixed.add(encoder.prefix() + t);
      }
    }
    List<TransformerTokenizer.Tokens> tokens = tokenizer.tokenize(prefixed);
    float[][] out = new float[texts.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = run(tokens.get(i));
    }
    return out;
  }

  private float[] run(TransformerTokenizer.Tokens tokens) {
    Map<String, OnnxTensor> inputs = null;
    try {
      inputs = OrtSessions.inputs(session, tokenizer.pad(List.of(tokens)));
      try (OrtSession.Result result = session.run(inputs)) {
        OnnxTensor hidden = (OnnxTensor) result.get(outputName).orElseThrow();
        long[] shape = hidden.getInfo().getShape();
        int d = encoder.dimension();
        if (shape.length != 3 || shape[0] != 1 || shape[2] != d) {
          throw new IllegalStateException(
              "unexpected " + encoder.id() + " output shape " + java.util.Arrays.toString(shape));
        }
        return pool(hidden.getFloatBuffer(), (int) shape[1], d);
      }
    } catch (OrtException e) {
      throw new IllegalStateException(encoder.id() + " encoding failed: " + e.getMessage(), e);
    } finally {
      if (inputs != null) {
        inputs.values().forEach(OnnxTensor::close);
      }
    }
  }

  /** {@code [cls | mean | max]} of a {@code [length, d]} block of token vectors. */
  static float[] pool(FloatBuffer hidden, int length, int d) {
    float[] out = new float[3 * d];
    float[] token = new float[d];
    java.util.Arrays.fill(out, 2 * d, 3 * d, Float.NEGATIVE_INFINITY);
    for (int t = 0; t < length; t++) {
      hidden.get(t * d, token);
      if (t == 0) {
        System.arraycopy(token, 0, out, 0, d);
      }
      for (int j = 0; j < d; j++) {
        out[d + j] += token[j];
        out[2 * d + j] = Math.max(out[2 * d + j], token[j]);
      }
    }
    normalize(out, 0, d);
    normalize(out, d, 2 * d);
    return out;
  }

  private static void normalize(float[] v, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += v[i] * v[i];
    }
    float inv = sum == 0 ? 0 : (float) (1.0 / Math.sqrt(sum));
    for (int i = from; i < to; i++) {
      v[i] *= inv;
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close the " + encoder.id() + " session", e);
    } finally {
      tokenizer.close();
    }
  }
}

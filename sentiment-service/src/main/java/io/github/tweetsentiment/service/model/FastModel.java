package io.github.tweetsentiment.service.model;

import io.github.tweetsentiment.service.linear.HeadFile;
import io.github.tweetsentiment.service.linear.HeadMetadata;
import io.github.tweetsentiment.service.linear.LinearHead;
import io.github.tweetsentiment.service.text.TweetNormalizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The {@code fast} model: logistic regression over hashed word 1-2-grams and character 2-5-grams.
 * Pure Java, no native code, microseconds per tweet.
 */
public final class FastModel extends HeadModel {

  /** The name of this model in URLs and configuration. */
  public static final String NAME = "fast";

  /** The class-path resource holding the trained head. */
  public static final String RESOURCE = "/io/github/tweetsentiment/service/model/fast.tslr.gz";

  private static final float[] NO_EMBEDDING = new float[0];

  private final LinearFeatures features;
  private final LinearHead head;
  private final ModelInfo info;

  /** A model from a trained head whose layout is n-grams (and lexicon features), no embedding. */
  public FastModel(HeadFile.Contents contents) {
    super(contents.metadata());
    HeadMetadata.FeatureLayout layout = contents.metadata().features();
    if (layout == null || layout.ngrams() == null || layout.embeddingDimension() != 0) {
      throw new IllegalArgumentException(
          "the fast model needs a head over n-grams without an embedding, got features " + layout);
    }
    this.features = new LinearFeatures(layout, contents.arrays());
    this.head = contents.head();
    this.info =
        info(
            NAME,
            "logistic regression over hashed word 1-2-grams and character 2-5-grams"
                + (layout.lexicon() == null
                    ? ""
                    : " and " + layout.lexicon() + " lexicon features"));
  }

  /** Loads the committed head from the class path. */
  public static FastModel load() {
    return new FastModel(readResource(RESOURCE));
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

  @Override
  public ModelInfo info() {
    return info;
  }

  @Override
  public double[][] logits(List<String> texts) {
    double[][] out = new double[texts.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = head.logits(features.of(NO_EMBEDDING, TweetNormalizer.normalize(texts.get(i))));
    }
    return out;
  }

  @Override
  public void close() {
    // Nothing native to release.
  }
}

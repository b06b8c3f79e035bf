package io.github.tweetsentiment.service.model;

import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.service.embedding.BgeEmbedder;
import io.github.tweetsentiment.service.features.HashedNgramFeaturizer;
import io.github.tweetsentiment.service.features.SparseVector;
import io.github.tweetsentiment.service.linear.HeadFile;
import io.github.tweetsentiment.service.linear.HeadMetadata;
import io.github.tweetsentiment.service.linear.LinearHead;
import io.github.tweetsentiment.service.text.TweetNormalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code accurate} model: bge-small-en-v1.5 sentence embeddings (standardized) and, when the
 * head was trained with them, hashed n-grams beside them, into a logistic-regression head.
 */
public final class AccurateModel implements SentimentModel {

  /** The name of this model in URLs and configuration. */
  public static final String NAME = "accurate";

  /** The class-path resource holding the trained head. */
  public static final String RESOURCE = "/io/github/tweetsentiment/service/model/accurate.tslr.gz";

  /** Named arrays in the head file: per-dimension mean and 1/std of the train embeddings. */
  public static final String MEAN = "embedding_mean";

  public static final String INV_STD = "embedding_inv_std";

  private final BgeEmbedder embedder;
  private final HeadMetadata metadata;
  private final LinearHead head;
  private final float[] mean;
  private final float[] invStd;
  private final HashedNgramFeaturizer ngrams;
  private final ModelInfo info;

  /** A model over an embedder it takes ownership of and a head file's contents. */
  public AccurateModel(BgeEmbedder embedder, HeadFile.Contents contents) {
    HeadMetadata.FeatureLayout layout = contents.metadata().features();
    if (layout == null || layout.embeddingDimension() != BgeEmbedder.DIMENSION) {
      throw new IllegalArgumentException(
          "the accurate model needs a head over the "
              + BgeEmbedder.DIMENSION
              + "-dimensional bge embedding, got features "
              + layout);
    }
    this.embedder = embedder;
    this.metadata = contents.metadata();
    this.head = contents.head();
    this.mean = contents.array(MEAN);
    this.invStd = contents.array(INV_STD);
    this.ngrams = layout.ngrams() == null ? null : new HashedNgramFeaturizer(layout.ngrams());
    String description =
        "bge-small-en-v1.5 (int8 ONNX) sentence embedding"
            + (ngrams == null ? "" : " plus hashed word and character n-grams")
            + " into logistic regression";
    this.info = new ModelInfo(NAME, metadata.version(), description, Models.details(metadata));
  }

  /**
   * Loads the embedder and the committed head.
   *
   * @param intraOpThreads ONNX Runtime threads per call
   */
  public static AccurateModel load(int intraOpThreads) {
    HeadFile.Contents contents = FastModel.readResource(RESOURCE);
    BgeEmbedder embedder = BgeEmbedder.load(intraOpThreads);
    try {
      return new AccurateModel(embedder, contents);
    } catch (RuntimeException e) {
      embedder.close();
      throw e;
    }
  }

  /**
   * The head's input for one tweet: the standardized embedding times {@code weight}, then the
   * n-gram block (if any) shifted past it. Training and serving both build features here.
   */
  public static SparseVector features(
      float[] embedding, float[] mean, float[] invStd, double weight, SparseVector ngramFeatures) {
    int d = embedding.length;
    int[] idx = new int[d];
    float[] val = new float[d];
    for (int i = 0; i < d; i++) {
      idx[i] = i;
      val[i] = (float) ((embedding[i] - mean[i]) * invStd[i] * weight);
    }
    SparseVector dense = new SparseVector(idx, val);
    return ngramFeatures == null ? dense : dense.concat(ngramFeatures, d);
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  @Override
  public List<Prediction> predict(List<String> texts) {
    List<String> normalized = new ArrayList<>(texts.size());
    for (String text : texts) {
      normalized.add(TweetNormalizer.normalize(text));
    }
    float[][] embeddings = embedder.embed(normalized);
    double weight = metadata.features().embeddingWeight();
    List<Prediction> out = new ArrayList<>(texts.size());
    for (int i = 0; i < embeddings.length; i++) {
      SparseVector grams = ngrams == null ? null : ngrams.featurize(normalized.get(i));
      double[] p = head.probabilities(features(embeddings[i], mean, invStd, weight, grams));
      out.add(Prediction.fromProbabilities(p, NAME, metadata.version()));
    }
    return out;
  }

  @Override
  public void close() {
    embedder.close();
  }
}

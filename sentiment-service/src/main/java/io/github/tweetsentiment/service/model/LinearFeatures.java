package io.github.tweetsentiment.service.model;

import io.github.tweetsentiment.service.features.HashedNgramFeaturizer;
import io.github.tweetsentiment.service.features.LexiconFeaturizer;
import io.github.tweetsentiment.service.features.SparseVector;
import io.github.tweetsentiment.service.linear.HeadMetadata;
import java.util.Map;

/**
 * A linear head's input for one tweet, in the order of its {@link HeadMetadata.FeatureLayout}: the
 * standardized embedding block times the layout's weight, then the standardized lexicon features,
 * then the hashed n-grams. Training and serving both build features here. Thread-safe.
 */
public final class LinearFeatures {

  /** Named arrays in the head file: per-feature mean and 1/std of the train lexicon features. */
  public static final String LEXICON_MEAN = "lexicon_mean";

  public static final String LEXICON_INV_STD = "lexicon_inv_std";

  private final HeadMetadata.FeatureLayout layout;
  private final LexiconFeaturizer lexicon;
  private final float[] lexiconMean;
  private final float[] lexiconInvStd;
  private final HashedNgramFeaturizer ngrams;

  /**
   * @param arrays the head file's named arrays (the lexicon's standardization, where it has one)
   */
  public LinearFeatures(HeadMetadata.FeatureLayout layout, Map<String, float[]> arrays) {
    this.layout = layout;
    this.ngrams = layout.ngrams() == null ? null : new HashedNgramFeaturizer(layout.ngrams());
    if (layout.lexicon() == null) {
      this.lexicon = null;
      this.lexiconMean = null;
      this.lexiconInvStd = null;
    } else {
      this.lexicon = LexiconFeaturizer.named(layout.lexicon());
      this.lexiconMean = arrays.get(LEXICON_MEAN);
      this.lexiconInvStd = arrays.get(LEXICON_INV_STD);
      if (lexiconMean == null
          || lexiconInvStd == null
          || lexiconMean.length != LexiconFeaturizer.DIMENSION
          || lexiconInvStd.length != LexiconFeaturizer.DIMENSION) {
        throw new IllegalArgumentException(
            "the head reads the "
                + layout.lexicon()
                + " lexicon but does not carry its standardization ("
                + LEXICON_MEAN
                + ", "
                + LEXICON_INV_STD
                + " of "
                + LexiconFeaturizer.DIMENSION
                + " values)");
      }
    }
  }

  public HeadMetadata.FeatureLayout layout() {
    return layout;
  }

  /**
   * The features of a normalized text.
   *
   * @param standardizedEmbedding the standardized embedding block, empty for a head without one
   */
  public SparseVector of(float[] standardizedEmbedding, String normalizedText) {
    int e = standardizedEmbedding.length;
    int l = layout.lexiconDimension();
    if (e + l == 0 && ngrams != null) {
      return ngrams.featurize(normalizedText);
    }
    int[] idx = new int[e + l];
    float[] val = new float[e + l];
    double weight = layout.embeddingWeight();
    for (int i = 0; i < e; i++) {
      idx[i] = i;
      val[i] = (float) (standardizedEmbedding[i] * weight);
    }
    if (lexicon != null) {
      float[] x =
          EncoderModel.standardize(lexicon.featurize(normalizedText), lexiconMean, lexiconInvStd);
      System.arraycopy(x, 0, val, e, l);
      for (int j = 0; j < l; j++) {
        idx[e + j] = e + j;
      }
    }
    SparseVector dense = new SparseVector(idx, val);
    return ngrams == null ? dense : dense.concat(ngrams.featurize(normalizedText), e + l);
  }
}

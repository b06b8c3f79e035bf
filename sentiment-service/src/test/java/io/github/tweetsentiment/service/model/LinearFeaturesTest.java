package io.github.tweetsentiment.service.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.tweetsentiment.service.features.HashedNgramFeaturizer;
import io.github.tweetsentiment.service.features.LexiconFeaturizer;
import io.github.tweetsentiment.service.features.NgramConfig;
import io.github.tweetsentiment.service.features.SparseVector;
import io.github.tweetsentiment.service.linear.HeadMetadata;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinearFeaturesTest {

  private static final NgramConfig GRAMS = new NgramConfig(10, 2, 2, 5);
  private static final String TEXT = "not a good day at all";

  @Test
  void blocks_comeInTheLayoutsOrder_embeddingLexiconThenNgrams() {
    HeadMetadata.FeatureLayout layout =
        new HeadMetadata.FeatureLayout(2, 0.5, GRAMS, null, LexiconFeaturizer.VADER);
    float[] mean = new float[12];
    float[] invStd = new float[12];
    Arrays.fill(mean, 1f);
    Arrays.fill(invStd, 2f);
    LinearFeatures features =
        new LinearFeatures(
            layout,
            Map.of(LinearFeatures.LEXICON_MEAN, mean, LinearFeatures.LEXICON_INV_STD, invStd));

    SparseVector x = features.of(new float[] {4f, -2f}, TEXT);

    float[] lexicon = LexiconFeaturizer.named("vader").featurize(TEXT);
    SparseVector grams = new HashedNgramFeaturizer(GRAMS).featurize(TEXT);
    assertThat(x.size()).isEqualTo(2 + 12 + grams.size());
    assertThat(x.indices()[0]).isZero();
    assertThat(x.values()[0]).isEqualTo(2f);
    assertThat(x.values()[1]).isEqualTo(-1f);
    for (int j = 0; j < 12; j++) {
      assertThat(x.indices()[2 + j]).isEqualTo(2 + j);
      assertThat(x.values()[2 + j]).isEqualTo((lexicon[j] - 1f) * 2f, within(1e-6f));
    }
    for (int k = 0; k < grams.size(); k++) {
      assertThat(x.indices()[14 + k]).isEqualTo(grams.indices()[k] + 14);
    }
    assertThat(layout.dimension()).isEqualTo(2 + 12 + GRAMS.dimension());
  }

  @Test
  void withoutEmbeddingOrLexicon_theNgramsAreTheFeatures() {
    LinearFeatures features =
        new LinearFeatures(new HeadMetadata.FeatureLayout(0, 0, GRAMS), Map.of());

    SparseVector x = features.of(new float[0], TEXT);

    SparseVector grams = new HashedNgramFeaturizer(GRAMS).featurize(TEXT);
    assertThat(x.indices()).containsExactly(grams.indices());
    assertThat(x.values()).containsExactly(grams.values());
  }

  @Test
  void lexiconWithoutItsStandardization_isAClearError() {
    HeadMetadata.FeatureLayout layout =
        new HeadMetadata.FeatureLayout(0, 0, GRAMS, null, LexiconFeaturizer.VADER);

    assertThatThrownBy(() -> new LinearFeatures(layout, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lexicon_mean");
  }
}

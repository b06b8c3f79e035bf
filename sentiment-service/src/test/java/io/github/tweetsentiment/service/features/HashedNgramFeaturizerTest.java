package io.github.tweetsentiment.service.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HashedNgramFeaturizerTest {

  private final HashedNgramFeaturizer featurizer = new HashedNgramFeaturizer(NgramConfig.DEFAULT);

  @Test
  void featurize_countsWordAndCharacterNgrams() {
    // "good day!" -> tokens good, day, ! : 3 unigrams + 2 bigrams;
    // padded " good day! " is 11 chars: 10 + 9 + 8 + 7 character 2..5-grams.
    SparseVector v = featurizer.featurize("good day!");
    assertThat(v.size()).isEqualTo(5 + 34);
    assertThat(java.util.Arrays.stream(v.indices()).allMatch(i -> i >= 0 && i < 1 << 18)).isTrue();
  }

  @Test
  void featurize_eachGroupHasUnitLength() {
    SparseVector v = featurizer.featurize("what a lovely morning");
    double word = 0;
    double chars = 0;
    int words = 4 + 3;
    for (int k = 0; k < v.size(); k++) {
      double sq = v.values()[k] * v.values()[k];
      if (k < words) {
        word += sq;
      } else {
        chars += sq;
      }
    }
    assertThat(word).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    assertThat(chars).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
  }

  @Test
  void featurize_isCaseInsensitiveAndDeterministic() {
    SparseVector a = featurizer.featurize("Great Game");
    SparseVector b = featurizer.featurize("great game");
    assertThat(a.indices()).containsExactly(b.indices());
    assertThat(new HashedNgramFeaturizer(NgramConfig.DEFAULT).featurize("great game").indices())
        .containsExactly(b.indices());
  }

  @Test
  void featurize_differentTextsDiffer() {
    assertThat(featurizer.featurize("i love it").indices())
        .isNotEqualTo(featurizer.featurize("i hate it").indices());
  }

  @Test
  void featurize_emptyText_hasOnlyThePaddingBigram() {
    SparseVector v = featurizer.featurize("");
    assertThat(v.size()).isEqualTo(1); // the two padding spaces
  }

  @Test
  void featurize_splitsPunctuationOffWords() {
    NgramConfig wordsOnly = new NgramConfig(18, 1, 0, 0);
    HashedNgramFeaturizer f = new HashedNgramFeaturizer(wordsOnly);
    assertThat(f.featurize("great!!").indices())
        .containsExactlyInAnyOrder(
            f.featurize("great").indices()[0], f.featurize("!!").indices()[0]);
  }

  @Test
  void config_rejectsNonsense() {
    assertThatThrownBy(() -> new NgramConfig(40, 2, 2, 5)).hasMessageContaining("hashBits");
    assertThatThrownBy(() -> new NgramConfig(18, 2, 5, 2)).hasMessageContaining("1 <= min");
  }
}

package io.github.tweetsentiment.service.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LexiconFeaturizerTest {

  private static final int SUM = 0;
  private static final int COMPOUND = 1;
  private static final int POSITIVE = 2;
  private static final int NEGATIVE = 3;
  private static final int POSITIVE_COUNT = 4;
  private static final int NEGATIVE_COUNT = 5;
  private static final int MAX = 6;
  private static final int MIN = 7;
  private static final int LAST = 8;
  private static final int EXCLAMATIONS = 9;
  private static final int QUESTIONS = 10;
  private static final int RATED = 11;

  private final LexiconFeaturizer vader = LexiconFeaturizer.named(LexiconFeaturizer.VADER);

  @Test
  void vader_isLoadedFromTheMavenJar() {
    assertThat(vader.size()).isGreaterThan(7000);
    assertThat(LexiconFeaturizer.named("vader")).isSameAs(vader);
  }

  @Test
  void ratedWords_giveTheirValences() {
    float[] x = vader.featurize("a good day, a bad night");

    assertThat(x).hasSize(LexiconFeaturizer.DIMENSION);
    assertThat(x[POSITIVE]).isEqualTo(1.9f, within(1e-6f));
    assertThat(x[NEGATIVE]).isEqualTo(2.5f, within(1e-6f));
    assertThat(x[SUM]).isEqualTo(-0.6f, within(1e-6f));
    assertThat(x[POSITIVE_COUNT]).isEqualTo(1);
    assertThat(x[NEGATIVE_COUNT]).isEqualTo(1);
    assertThat(x[MAX]).isEqualTo(1.9f, within(1e-6f));
    assertThat(x[MIN]).isEqualTo(-2.5f, within(1e-6f));
    assertThat(x[LAST]).isEqualTo(-2.5f, within(1e-6f));
    assertThat(x[RATED]).isEqualTo(2);
    assertThat(x[COMPOUND]).isBetween(-1f, 0f);
  }

  @Test
  void negation_flipsAndDampsWithinThreeWords() {
    assertThat(vader.featurize("this is not good")[SUM]).isEqualTo(-0.74f * 1.9f, within(1e-5f));
    assertThat(vader.featurize("I don't think it's good")[SUM]).isNegative();
    assertThat(vader.featurize("not that it was ever very good")[SUM]).isPositive();
  }

  @Test
  void boostersCapsAndExclamations_strengthen() {
    float good = vader.featurize("a good day")[SUM];
    assertThat(vader.featurize("a very good day")[SUM]).isEqualTo(good + 0.293f, within(1e-5f));
    assertThat(vader.featurize("a GOOD day")[SUM]).isEqualTo(good + 0.733f, within(1e-5f));
    // All caps is not shouting when the whole tweet is upper case.
    assertThat(vader.featurize("A GOOD DAY")[SUM]).isEqualTo(good, within(1e-5f));
    float[] loud = vader.featurize("a good day!!!");
    assertThat(loud[EXCLAMATIONS]).isEqualTo(3);
    assertThat(loud[COMPOUND]).isGreaterThan(vader.featurize("a good day")[COMPOUND]);
  }

  @Test
  void but_weighsWhatFollows() {
    float[] x = vader.featurize("the food was good but the service was bad");
    assertThat(x[POSITIVE]).isEqualTo(0.5f * 1.9f, within(1e-5f));
    assertThat(x[NEGATIVE]).isEqualTo(1.5f * 2.5f, within(1e-5f));
  }

  @Test
  void emoticonsAndPunctuationAroundWords_areRated() {
    assertThat(vader.featurize("see you then :)")[SUM]).isPositive();
    assertThat(vader.featurize("\"terrible.\"")[SUM]).isNegative();
    assertThat(vader.featurize("Terrible?")[QUESTIONS]).isEqualTo(1);
  }

  @Test
  void textWithoutRatedWords_isZeroButForPunctuation() {
    float[] x = vader.featurize("the meeting is on tuesday?");
    for (int i = 0; i < x.length; i++) {
      assertThat(x[i]).as("feature %d", i).isEqualTo(i == QUESTIONS ? 1 : 0);
    }
    assertThat(vader.featurize("")).containsOnly(0f);
  }

  @Test
  void unknownLexicon_isAClearError() {
    assertThatThrownBy(() -> LexiconFeaturizer.named("afinn"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown lexicon 'afinn'")
        .hasMessageContaining("vader");
  }
}

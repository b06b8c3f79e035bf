package io.github.tweetsentiment.pipeline.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.tweetsentiment.core.ShareCorrection;
import io.github.tweetsentiment.inference.InferenceException;
import io.github.tweetsentiment.inference.SentimentClient;
import io.github.tweetsentiment.inference.ServedModel;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Each window's shares corrected with the correction of the model version that scored it. */
class ModelCorrectionsTest {
  private static final List<String> LABELS = List.of("negative", "neutral", "positive");

  // A model that calls a fifth of the neutral tweets negative and a fifth positive.
  private static final double[][] NEUTRAL_SPILLS = {
    {1.0, 0.0, 0.0}, {0.2, 0.6, 0.2}, {0.0, 0.0, 1.0}
  };
  // A model that calls half the negative tweets neutral.
  private static final double[][] NEGATIVE_SOFTENS = {
    {0.5, 0.5, 0.0}, {0.0, 1.0, 0.0}, {0.0, 0.0, 1.0}
  };

  private static ShareCorrection acc(double[][] matrix) {
    return correction(ShareCorrection.ACC, LABELS, matrix);
  }

  /** A correction measured on one tweet of each label. */
  private static ShareCorrection correction(String method, List<String> labels, double[][] matrix) {
    return new ShareCorrection(method, labels, matrix, new long[] {1, 1, 1});
  }

  private final java.util.concurrent.atomic.AtomicLong clock =
      new java.util.concurrent.atomic.AtomicLong();

  /** What the model metadata endpoint answers: each test scripts it. */
  private final Service service = new Service();

  /** Panes whose correction could not be had. */
  private final AtomicInteger unavailable = new AtomicInteger();

  private final ModelCorrections corrections = corrections(ShareMethod.CORRECTION);

  /** Corrections asked of {@code service}, on this test's clock, counting what is unavailable. */
  private ModelCorrections corrections(ShareMethod method) {
    return new ModelCorrections(service, unavailable::incrementAndGet, clock::get, method);
  }

  private static void assertShares(
      WindowSentiment.Shares shares, double negative, double neutral, double positive) {
    assertThat(shares.negative()).isCloseTo(negative, within(1e-9));
    assertThat(shares.neutral()).isCloseTo(neutral, within(1e-9));
    assertThat(shares.positive()).isCloseTo(positive, within(1e-9));
  }

  /** A service that answers from a script, one answer per ask; the last answer repeats. */
  private static final class Service implements Supplier<ServedModel> {
    final Deque<Object> answers = new ArrayDeque<>();
    final AtomicInteger asks = new AtomicInteger();

    Service then(Object answer) {
      answers.add(answer);
      return this;
    }

    /** Next, the service serves {@code version} with {@code correction}. */
    Service serves(String version, ShareCorrection correction) {
      return then(new ServedModel(version, correction));
    }

    @Override
    public ServedModel get() {
      asks.incrementAndGet();
      Object answer = answers.size() > 1 ? answers.poll() : answers.peek();
      if (answer instanceof RuntimeException e) {
        throw e;
      }
      return (ServedModel) answer;
    }
  }

  /** What the client throws when nothing listens (port 1 on loopback refuses). */
  private static InferenceException down() {
    try (SentimentClient client =
        SentimentClient.builder(URI.create("http://127.0.0.1:1")).model("fast").build()) {
      client.servedModel(Duration.ZERO, Duration.ofSeconds(2));
    } catch (InferenceException e) {
      return e;
    }
    throw new AssertionError("port 1 answered");
  }

  /** Labels counted for one version (probability sums equal to the counts). */
  private static SentimentStats scoredBy(String version, long neg, long neu, long pos) {
    return new SentimentStats(neg, neu, pos, 0, 0, neg, neu, pos, version);
  }

  @Test
  void countCorrection_undoesTheModelsKnownSpill() {
    service.serves("v1", acc(NEUTRAL_SPILLS));

    // 100 true neutral tweets seen through the model: 20 negative, 60 neutral, 20 positive.
    WindowSentiment.Shares shares = corrections.correct(scoredBy("v1", 20, 60, 20));

    assertShares(shares, 0.0, 1.0, 0.0);
  }

  @Test
  void probabilityCorrection_readsTheWindowsProbabilitySums_notItsLabelCounts() {
    ShareCorrection pacc = correction(ShareCorrection.PACC, LABELS, NEUTRAL_SPILLS);
    service.serves("v1", pacc);
    // All ten labelled neutral, but the probabilities say 2 : 6 : 2, which is 10 neutral tweets.
    SentimentStats stats = new SentimentStats(0, 10, 0, 6.0, 0.0, 2.0, 6.0, 2.0, "v1");

    WindowSentiment.Shares shares = corrections.correct(stats);

    assertThat(shares.neutral()).isCloseTo(1.0, within(1e-9));
    assertThat(shares.negative()).isCloseTo(0.0, within(1e-9));
  }

  @Test
  void aWindowScoredByTwoVersions_isCorrectedPerVersionAndSummed() {
    service.serves("v1", acc(NEUTRAL_SPILLS)).serves("v2", acc(NEGATIVE_SOFTENS));
    // v1 saw 100 true neutral tweets as 20/60/20; v2 saw 100 true negative ones as 50/50/0.
    SentimentStats window = scoredBy("v1", 20, 60, 20).plus(scoredBy("v2", 50, 50, 0));

    WindowSentiment.Shares shares = corrections.correct(window);

    assertShares(shares, 0.5, 0.5, 0.0);
    assertThat(service.asks).hasValue(2);
  }

  @Test
  void aRollout_keepsCorrectingTheOldVersionsWindowsWithItsOwnMatrix() {
    service.serves("v1", acc(NEUTRAL_SPILLS)).serves("v2", acc(NEGATIVE_SOFTENS));

    corrections.correct(scoredBy("v1", 1, 1, 1)); // Seen before the rollout: v1 asked, kept.
    WindowSentiment.Shares newModel = corrections.correct(scoredBy("v2", 50, 50, 0));
    WindowSentiment.Shares oldModel = corrections.correct(scoredBy("v1", 20, 60, 20));

    assertThat(newModel.negative()).isCloseTo(1.0, within(1e-9));
    assertThat(oldModel.neutral()).isCloseTo(1.0, within(1e-9));
    assertThat(service.asks).as("each version asked once").hasValue(2);
  }

  @Test
  void aServiceThatIsDown_isAskedAgainForTheNextPane_andThenCorrects() {
    service.then(down()).serves("v1", acc(NEUTRAL_SPILLS));

    assertThat(corrections.correct(scoredBy("v1", 20, 60, 20))).isNull();
    assertThat(unavailable).hasValue(1);

    assertThat(corrections.correct(scoredBy("v1", 20, 60, 20)).neutral())
        .isCloseTo(1.0, within(1e-9));
    assertThat(unavailable).hasValue(1);
  }

  @Test
  void aVersionNoLongerServed_andNeverSeen_getsRawShares_afterAFewAsks() {
    service.serves("v2", acc(NEGATIVE_SOFTENS));

    assertThat(corrections.correct(scoredBy("v1", 20, 60, 20))).isNull();

    assertThat(unavailable).hasValue(1);
    assertThat(service.asks).hasValue(ModelCorrections.ASKS_PER_VERSION);
    // What it learnt on the way is kept: v2 needs no ask.
    assertThat(corrections.correct(scoredBy("v2", 50, 50, 0))).isNotNull();
    assertThat(service.asks).hasValue(ModelCorrections.ASKS_PER_VERSION);
    // The next panes of v1 within the minute do not ask again; after it, they do.
    clock.addAndGet(ModelCorrections.ASK_AGAIN_AFTER_NANOS - 1);
    assertThat(corrections.correct(scoredBy("v1", 20, 60, 20))).isNull();
    assertThat(service.asks).hasValue(ModelCorrections.ASKS_PER_VERSION);
    clock.addAndGet(1);
    assertThat(corrections.correct(scoredBy("v1", 20, 60, 20))).isNull();
    assertThat(service.asks).hasValue(2 * ModelCorrections.ASKS_PER_VERSION);
    assertThat(unavailable).hasValue(3);
  }

  @Test
  void totalsOfSeveralVersionsWithoutTheirParts_fromAnOlderJob_getRawShares_withoutAsking() {
    service.serves("v2", acc(NEGATIVE_SOFTENS));

    assertThat(corrections.correct(scoredBy("v1,v2", 20, 60, 20))).isNull();

    assertThat(service.asks).hasValue(0);
    assertThat(unavailable).hasValue(1);
  }

  @Test
  void aModelWithoutACorrection_orOneOverOtherLabels_getsRawShares_askedOnce() {
    ShareCorrection otherLabels =
        correction(ShareCorrection.ACC, List.of("positive", "neutral", "negative"), NEUTRAL_SPILLS);
    service.serves("v1", null).serves("v2", otherLabels);

    assertThat(corrections.correct(scoredBy("v1", 1, 1, 1))).isNull();
    assertThat(corrections.correct(scoredBy("v1", 1, 1, 1))).isNull();
    assertThat(corrections.correct(scoredBy("v2", 1, 1, 1))).isNull();

    assertThat(service.asks).hasValue(2);
    assertThat(unavailable).as("nothing is missing: these models ship no usable one").hasValue(0);
  }

  @Test
  void anUnnamedVersion_usesWhatTheServiceServes_andAnEmptyWindowHasNoShares() {
    service.serves(null, acc(NEUTRAL_SPILLS));

    assertThat(corrections.correct(SentimentStats.EMPTY)).isNull();
    assertThat(service.asks).hasValue(0);
    assertThat(corrections.correct(scoredBy(null, 20, 60, 20)).neutral())
        .isCloseTo(1.0, within(1e-9));
  }

  @Test
  void emq_estimatesFromTheWindowsPosteriorGrid_withThePriorTheMatrixWasMeasuredUnder() {
    // A PACC matrix measured on 100 tweets of each class: the mean posterior is uniform.
    double[][] matrix = {{0.8, 0.1, 0.1}, {0.1, 0.8, 0.1}, {0.1, 0.1, 0.8}};
    ShareCorrection pacc =
        new ShareCorrection(ShareCorrection.PACC, LABELS, matrix, new long[] {100, 100, 100});
    service.serves("v1", pacc);
    ModelCorrections emq = corrections(ShareMethod.EMQ);
    // 70 tweets that look negative, 20 neutral, 10 positive, each with probabilities.
    SentimentStats window = SentimentStats.EMPTY;
    for (int i = 0; i < 100; i++) {
      double[] p =
          i < 70
              ? new double[] {0.8, 0.1, 0.1}
              : i < 90 ? new double[] {0.1, 0.8, 0.1} : new double[] {0.1, 0.1, 0.8};
      window =
          window.plus(
              SentimentStats.of(
                  io.github.tweetsentiment.core.Prediction.fromProbabilities(p, "fast", "v1")));
    }

    WindowSentiment.Shares shares = emq.correct(window);

    assertThat(ModelCorrections.calibrationPrior(pacc))
        .containsExactly(new double[] {0.3333, 0.3333, 0.3333}, within(1e-3));
    double[] expected =
        io.github.tweetsentiment.core.ShareEstimator.emq(
            io.github.tweetsentiment.core.PosteriorGrid.centres(),
            window.grid().weights(),
            new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0});
    assertThat(shares.negative()).isCloseTo(expected[0], within(1e-9));
    // EMQ sharpens the mix the posteriors blur: more negative than their mean (0.59) says.
    assertThat(shares.negative()).isGreaterThan(0.65);
  }

  @Test
  void emq_fallsBackToTheCorrection_whenSomeTweetsCarriedNoProbabilities() {
    service.serves("v1", acc(NEUTRAL_SPILLS));
    ModelCorrections emq = corrections(ShareMethod.EMQ);

    // ACC works on label counts; these totals carry no posterior grid.
    WindowSentiment.Shares shares = emq.correct(scoredBy("v1", 20, 60, 20));

    assertThat(shares.neutral()).isCloseTo(1.0, within(1e-9));
  }
}

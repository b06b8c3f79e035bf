package io.github.tweetsentiment.service.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.tweetsentiment.core.ShareCorrection;
import io.github.tweetsentiment.service.linear.HeadFile;
import io.github.tweetsentiment.service.linear.HeadMetadata;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every committed head is calibrated and ships a share correction measured on the TweetEval
 * validation split (no data needed: this reads what {@code Calibrate} wrote into the files).
 */
class CommittedHeadsTest {

  @ParameterizedTest
  @ValueSource(strings = {"fast", "accurate", "best"})
  void committedHead_isCalibratedAndShipsItsShareCorrection(String name) {
    String resource =
        name.equals(FastModel.NAME) ? FastModel.RESOURCE : EncoderModel.resource(name);
    HeadFile.Contents contents = FastModel.readResource(resource);
    HeadMetadata.Calibration calibration = contents.metadata().calibration();

    assertThat(calibration).as("calibration of %s", name).isNotNull();
    assertThat(calibration.temperatureByLabel().values())
        .allSatisfy(t -> assertThat(t).isBetween(0.5, 3.0));
    // A head that is calibrated already (accurate's raw ECE is 0.024) can come out a little above
    // its raw ECE after cross-fitting, which fits each half on the other's 1,000 tweets.
    assertThat(calibration.eceAfter()).isLessThan(calibration.eceBefore() + 0.005);
    assertThat(calibration.eceAfter()).isLessThanOrEqualTo(0.03);
    ShareCorrection correction = calibration.shareCorrection();
    assertThat(correction.labels()).containsExactly("negative", "neutral", "positive");
    // TweetEval's validation split: 312 negative, 869 neutral, 819 positive tweets.
    assertThat(correction.validationCounts()).containsExactly(312, 869, 819);
    double[][] m = correction.matrix();
    for (int t = 0; t < 3; t++) {
      assertThat(m[t][0] + m[t][1] + m[t][2]).isCloseTo(1.0, within(1e-5));
      for (int j = 0; j < 3; j++) {
        if (j != t) {
          assertThat(m[t][t]).isGreaterThan(m[t][j]);
        }
      }
    }
  }
}

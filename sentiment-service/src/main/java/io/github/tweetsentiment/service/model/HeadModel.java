package io.github.tweetsentiment.service.model;

import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.service.linear.HeadMetadata;
import io.github.tweetsentiment.service.linear.LinearHead;
import java.util.ArrayList;
import java.util.List;

/**
 * A model whose logits come from a trained head file ({@link FastModel}, {@link EncoderModel}): its
 * metadata, its info, and predictions calibrated by the head's temperatures.
 */
abstract class HeadModel implements LogitModel {

  private final HeadMetadata metadata;

  HeadModel(HeadMetadata metadata) {
    this.metadata = metadata;
  }

  /** The head file's metadata: features, training, validation figures, calibration. */
  public HeadMetadata metadata() {
    return metadata;
  }

  /** What the service reports about the model {@code name} over this head. */
  ModelInfo info(String name, String description) {
    return new ModelInfo(
        name,
        metadata.version(),
        description,
        Models.details(metadata),
        metadata.calibration() == null ? null : metadata.calibration().shareCorrection());
  }

  /** {@code softmax(logits / T[argmax logits])}, tagged with the model's name and version. */
  @Override
  public List<Prediction> predict(List<String> texts) {
    double[] t = metadata.temperatures();
    ModelInfo info = info();
    List<Prediction> out = new ArrayList<>(texts.size());
    for (double[] z : logits(texts)) {
      out.add(
          Prediction.fromProbabilities(
              LinearHead.softmaxInPlace(z, t), info.name(), info.version()));
    }
    return out;
  }
}

package io.github.tweetsentiment.service.model;

import io.github.tweetsentiment.service.linear.HeadMetadata;
import io.github.tweetsentiment.service.onnx.OnnxClassifierConfig;
import io.github.tweetsentiment.service.onnx.OnnxSequenceClassifier;
import java.util.LinkedHashMap;
import java.util.Map;

/** Loads the model a configuration names. */
public final class Models {

  private Models() {}

  /**
   * Loads {@code fast}, {@code accurate}, {@code best}, or, when an ONNX classifier is configured
   * under {@code name}, that one.
   *
   * @param onnx the operator's ONNX classifier, or null
   * @param intraOpThreads ONNX Runtime threads per call
   * @throws IllegalArgumentException for an unknown name, saying which names exist
   */
  public static SentimentModel load(String name, OnnxClassifierConfig onnx, int intraOpThreads) {
    if (onnx != null && onnx.name().equals(name)) {
      return OnnxSequenceClassifier.load(onnx, intraOpThreads);
    }
    return switch (name) {
      case FastModel.NAME -> FastModel.load();
      case EncoderModel.ACCURATE, EncoderModel.BEST -> EncoderModel.load(name, intraOpThreads);
      default ->
          throw new IllegalArgumentException(
              "unknown model '"
                  + name
                  + "': use 'accurate', 'best' or 'fast', or configure an ONNX classifier under"
                  + " that name"
                  + " (SENTIMENT_ONNX_MODEL and SENTIMENT_ONNX_TOKENIZER)");
    };
  }

  /** The training facts of a head, for the model metadata endpoint. */
  static Map<String, Object> details(HeadMetadata metadata) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("trained_at", metadata.trainedAt());
    details.put("training_data", metadata.trainingData());
    details.put("training_examples", metadata.trainingExamples());
    details.put("l2", metadata.l2());
    details.put("features", metadata.features());
    details.put("validation", metadata.validation());
    if (metadata.mlp() != null) {
      details.put("mlp", metadata.mlp());
    }
    if (metadata.tuned() != null) {
      details.put("tuned", metadata.tuned());
    }
    if (metadata.calibration() != null) {
      HeadMetadata.Calibration c = metadata.calibration();
      Map<String, Object> calibration = new LinkedHashMap<>();
      calibration.put(
          "method", "temperature scaling per predicted label, fitted on the validation split");
      calibration.put("temperature_by_label", c.temperatureByLabel());
      calibration.put("ece_before", c.eceBefore());
      calibration.put("ece_after", c.eceAfter());
      details.put("calibration", calibration);
    }
    return details;
  }
}

package io.github.tweetsentiment.service.linear;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.tweetsentiment.core.SentimentLabel;
import io.github.tweetsentiment.core.ShareCorrection;
import io.github.tweetsentiment.service.features.LexiconFeaturizer;
import io.github.tweetsentiment.service.features.NgramConfig;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a trained head file says about itself: which features it expects and how it was trained.
 *
 * @param name the model name ({@code fast}, {@code accurate}, {@code best})
 * @param version {@code <training date>.<8 hex digits of the weights' SHA-256>}, set when written
 * @param features the input layout: the sentence embeddings (if any) first, then hashed n-grams
 * @param l2 the L2 regularization strength chosen on validation
 * @param trainingData a description of the training split
 * @param trainingExamples how many examples the head was fitted on
 * @param validation metrics on the validation split of the stored (bf16) weights
 * @param mlp the perceptron beside the linear head, or null for none
 * @param calibration how the logits are calibrated and the share correction, or null (raw softmax,
 *     as before {@code Calibrate} ran)
 * @param tuned fine-tuned top layers of an encoder whose logits are blended in, or null for none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HeadMetadata(
    String name,
    String version,
    @JsonProperty("trained_at") String trainedAt,
    FeatureLayout features,
    double l2,
    @JsonProperty("training_data") String trainingData,
    @JsonProperty("training_examples") int trainingExamples,
    Map<String, Double> validation,
    MlpLayout mlp,
    Calibration calibration,
    TunedLayers tuned) {

  public HeadMetadata {
    validation = validation == null ? Map.of() : Map.copyOf(validation);
  }

  /** The same metadata with another version and validation figures. */
  public HeadMetadata with(String newVersion, Map<String, Double> newValidation) {
    return new HeadMetadata(
        name,
        newVersion,
        trainedAt,
        features,
        l2,
        trainingData,
        trainingExamples,
        newValidation,
        mlp,
        calibration,
        tuned);
  }

  /** The same metadata with another calibration (null: none). */
  public HeadMetadata withCalibration(Calibration newCalibration) {
    return new HeadMetadata(
        name,
        version,
        trainedAt,
        features,
        l2,
        trainingData,
        trainingExamples,
        validation,
        mlp,
        newCalibration,
        tuned);
  }

  /**
   * The temperature per predicted label (in label order) that divides the logits before the
   * softmax: all 1 when not calibrated.
   */
  public double[] temperatures() {
    if (calibration == null) {
      double[] ones = new double[SentimentLabel.values().length];
      Arrays.fill(ones, 1.0);
      return ones;
    }
    return calibration.temperatures();
  }

  /**
   * The head's input layout.
   *
   * @param embeddingDimension width of the sentence-embedding block (0: none)
   * @param embeddingWeight factor applied to the standardized embedding before the linear head
   * @param ngrams the hashed n-gram block after the embedding, or null for none
   * @param encoders which encoders and poolings make up the embedding block, in order; null in
   *     heads written before there was a choice, which read bge's [CLS] vector alone
   * @param lexicon the lexicon whose {@link LexiconFeaturizer#DIMENSION} standardized features
   *     follow the embedding block ({@code vader}), or null for none (heads before decision 0074)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FeatureLayout(
      @JsonProperty("embedding_dimension") int embeddingDimension,
      @JsonProperty("embedding_weight") double embeddingWeight,
      NgramConfig ngrams,
      List<EncoderBlock> encoders,
      String lexicon) {

    public FeatureLayout {
      encoders = encoders == null ? null : List.copyOf(encoders);
    }

    /** A layout without a choice of encoders (n-grams only, or the first bge-only heads). */
    public FeatureLayout(int embeddingDimension, double embeddingWeight, NgramConfig ngrams) {
      this(embeddingDimension, embeddingWeight, ngrams, null, null);
    }

    /** The width of the lexicon block: 0 without one. */
    public int lexiconDimension() {
      return lexicon == null ? 0 : LexiconFeaturizer.DIMENSION;
    }

    /** The total number of input features of the linear head. */
    public int dimension() {
      return embeddingDimension + lexiconDimension() + (ngrams == null ? 0 : ngrams.dimension());
    }
  }

  /**
   * One encoder's part of the embedding block.
   *
   * @param encoder the encoder's id ({@code bge}, {@code e5}, {@code minilm})
   * @param pooling which poolings of its token vectors, in order ({@code cls}, {@code mean}, {@code
   *     max})
   */
  public record EncoderBlock(String encoder, List<String> pooling) {
    public EncoderBlock {
      pooling = List.copyOf(pooling);
    }
  }

  /**
   * A one-hidden-layer perceptron over its own standardized embedding block (usually wider than the
   * linear head's: more encoders and poolings), stored in the head file's named arrays; its logits
   * are blended with the linear head's.
   *
   * @param encoders the encoders and poolings of its input block, in order
   * @param hidden hidden units
   * @param weight the final logits are {@code (1 - weight) * linear + weight * mlp}
   * @param epochs training epochs (chosen on validation)
   */
  public record MlpLayout(List<EncoderBlock> encoders, int hidden, double weight, int epochs) {
    public MlpLayout {
      encoders = List.copyOf(encoders);
    }
  }

  /**
   * An encoder's top layers fine-tuned on the train split with their own classification head,
   * shipped as an ONNX file beside the head file; they read the frozen encoder's hidden states
   * after an inner layer, so one run of the encoder feeds both.
   *
   * @param encoder the encoder whose layers were tuned ({@code bge})
   * @param fromLayer the inner layer (counted from 0) whose output the tuned layers read
   * @param file the ONNX file's name, beside the head file (class path or directory)
   * @param sha256 the file's SHA-256, so a head never runs with other tuned layers than its own
   * @param weight the final logits are {@code (1 - weight) * head + weight * tuned}, where head is
   *     the linear head's logits blended with the perceptron's
   * @param training how the layers were tuned
   */
  public record TunedLayers(
      String encoder,
      @JsonProperty("from_layer") int fromLayer,
      String file,
      String sha256,
      double weight,
      String training) {}

  /**
   * Temperature scaling fitted on the validation split, and what it achieved. Each tweet's logits
   * are divided by the temperature of its arg-max label, which keeps every arg-max (and so every
   * label) and lets the labels a model over-predicts be less confident than the others (decision
   * 0078).
   *
   * @param temperatureByLabel the temperature per predicted label, keyed by wire name
   * @param eceBefore expected calibration error of the raw probabilities on validation
   * @param eceAfter the same after scaling, cross-fitted (each half scaled by the temperatures
   *     fitted on the other half), so not measured on the data it was fitted on
   * @param shareCorrection what a consumer needs to correct per-window shares
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Calibration(
      @JsonProperty("temperature_by_label") Map<String, Double> temperatureByLabel,
      @JsonProperty("ece_before") double eceBefore,
      @JsonProperty("ece_after") double eceAfter,
      @JsonProperty("share_correction") ShareCorrection shareCorrection) {

    public Calibration {
      Map<String, Double> ordered = new LinkedHashMap<>();
      for (SentimentLabel label : SentimentLabel.values()) {
        Double t = temperatureByLabel == null ? null : temperatureByLabel.get(label.wireName());
        if (t == null || !(t > 0) || Double.isInfinite(t)) {
          throw new IllegalArgumentException(
              "calibration.temperature_by_label needs a positive temperature for '"
                  + label.wireName()
                  + "', got "
                  + temperatureByLabel
                  + "; re-run Calibrate on the head");
        }
        ordered.put(label.wireName(), t);
      }
      if (temperatureByLabel.size() != ordered.size()) {
        throw new IllegalArgumentException(
            "calibration.temperature_by_label has labels other than "
                + ordered.keySet()
                + ": "
                + temperatureByLabel.keySet());
      }
      temperatureByLabel = Collections.unmodifiableMap(ordered);
    }

    /** One temperature for every label (plain temperature scaling). */
    public static Calibration withOneTemperature(
        double temperature, double eceBefore, double eceAfter, ShareCorrection shareCorrection) {
      Map<String, Double> byLabel = new LinkedHashMap<>();
      for (SentimentLabel label : SentimentLabel.values()) {
        byLabel.put(label.wireName(), temperature);
      }
      return new Calibration(byLabel, eceBefore, eceAfter, shareCorrection);
    }

    /** Reads heads calibrated before decision 0078, which carry one {@code temperature}. */
    @JsonCreator
    static Calibration fromJson(
        @JsonProperty("temperature_by_label") Map<String, Double> temperatureByLabel,
        @JsonProperty("temperature") Double temperature,
        @JsonProperty("ece_before") double eceBefore,
        @JsonProperty("ece_after") double eceAfter,
        @JsonProperty("share_correction") ShareCorrection shareCorrection) {
      if (temperatureByLabel == null && temperature != null) {
        return withOneTemperature(temperature, eceBefore, eceAfter, shareCorrection);
      }
      return new Calibration(temperatureByLabel, eceBefore, eceAfter, shareCorrection);
    }

    /** The temperatures in label order ({@link SentimentLabel#ordinal()}). */
    public double[] temperatures() {
      SentimentLabel[] labels = SentimentLabel.values();
      double[] t = new double[labels.length];
      for (SentimentLabel label : labels) {
        t[label.ordinal()] = temperatureByLabel.get(label.wireName());
      }
      return t;
    }
  }
}

package io.github.tweetsentiment.service.linear;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.tweetsentiment.service.features.NgramConfig;
import java.util.Map;

/**
 * What a trained head file says about itself: which features it expects and how it was trained.
 *
 * @param name the model name ({@code fast}, {@code accurate})
 * @param version {@code <training date>.<8 hex digits of the weights' SHA-256>}, set when written
 * @param features the input layout: the sentence embedding (if any) first, then hashed n-grams
 * @param l2 the L2 regularization strength chosen on validation
 * @param trainingData a description of the training split
 * @param trainingExamples how many examples the head was fitted on
 * @param validation metrics on the validation split of the stored (bf16) weights
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
    Map<String, Double> validation) {

  public HeadMetadata {
    validation = validation == null ? Map.of() : Map.copyOf(validation);
  }

  /** The same metadata with another version and validation figures. */
  public HeadMetadata with(String newVersion, Map<String, Double> newValidation) {
    return new HeadMetadata(
        name, newVersion, trainedAt, features, l2, trainingData, trainingExamples, newValidation);
  }

  /**
   * The head's input layout.
   *
   * @param embeddingDimension width of the sentence embedding block (0: none)
   * @param embeddingWeight factor applied to the standardized embedding before the head
   * @param ngrams the hashed n-gram block after the embedding, or null for none
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FeatureLayout(
      @JsonProperty("embedding_dimension") int embeddingDimension,
      @JsonProperty("embedding_weight") double embeddingWeight,
      NgramConfig ngrams) {

    /** The total number of input features. */
    public int dimension() {
      return embeddingDimension + (ngrams == null ? 0 : ngrams.dimension());
    }
  }
}

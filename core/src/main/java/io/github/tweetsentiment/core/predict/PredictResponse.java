package io.github.tweetsentiment.core.predict;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The body of a predict response: {@code {"predictions": [...], "model": "...", "model_version":
 * "..."}}, the Vertex AI / KServe v1 shape.
 */
public record PredictResponse(
    List<PredictResult> predictions,
    String model,
    @JsonProperty("model_version") String modelVersion) {}

package io.github.tweetsentiment.core.predict;

import java.util.List;

/** The body of {@code POST /v1/models/{model}:predict}: {@code {"instances": [...]}}. */
public record PredictRequest(List<PredictInstance> instances) {
  public PredictRequest {
    instances = instances == null ? List.of() : List.copyOf(instances);
  }
}

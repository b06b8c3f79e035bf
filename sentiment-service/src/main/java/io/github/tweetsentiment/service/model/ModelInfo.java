package io.github.tweetsentiment.service.model;

import io.github.tweetsentiment.core.ShareCorrection;
import java.util.Map;

/**
 * What the service reports about its model.
 *
 * @param name the name in the URL path ({@code fast}, {@code accurate}, {@code best}, or an
 *     operator's ONNX model name)
 * @param version the version reported with every prediction
 * @param description one line for humans
 * @param details training and configuration facts (JSON-serializable values)
 * @param shareCorrection what corrects per-window class shares for this model's errors, measured on
 *     validation; null where unknown (an operator's ONNX model)
 */
public record ModelInfo(
    String name,
    String version,
    String description,
    Map<String, Object> details,
    ShareCorrection shareCorrection) {
  public ModelInfo {
    details = details == null ? Map.of() : Map.copyOf(details);
  }

  /** Information without a share correction. */
  public ModelInfo(String name, String version, String description, Map<String, Object> details) {
    this(name, version, description, details, null);
  }
}

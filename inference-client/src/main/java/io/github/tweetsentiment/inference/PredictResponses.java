package io.github.tweetsentiment.inference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.core.TweetJson;
import io.github.tweetsentiment.core.predict.PredictInstance;
import io.github.tweetsentiment.core.predict.PredictResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;

/** Decodes predict responses strictly, and error bodies leniently. */
final class PredictResponses {

  private static final ObjectMapper MAPPER = TweetJson.mapper();

  private PredictResponses() {}

  /** A 2xx body that breaks the predict contract. */
  static final class InvalidResponseException extends Exception {
    InvalidResponseException(String message, Throwable cause) {
      super(message, cause);
    }

    InvalidResponseException(String message) {
      super(message);
    }
  }

  /**
   * The predictions of a complete 2xx body, one per instance and in the same order.
   *
   * @param requestedModel the model name to record when the body does not name one
   * @throws InvalidResponseException when the body is not JSON, has no {@code predictions} array,
   *     has a different number of predictions than instances, carries an {@code id} that differs
   *     from its instance's, or has a prediction with an unknown label or an out-of-range score or
   *     probability
   */
  static List<Prediction> decode(
      byte[] body, MediaType contentType, List<PredictInstance> instances, String requestedModel)
      throws InvalidResponseException {
    if (contentType != null && !isJson(contentType)) {
      throw new InvalidResponseException(
          "expected a JSON body but got Content-Type " + contentType + ": " + snippet(body));
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (IOException e) {
      throw new InvalidResponseException(
          "body is not valid JSON (" + firstLine(e) + "): " + snippet(body), e);
    }
    if (root == null || !root.isObject()) {
      throw new InvalidResponseException("body is not a JSON object: " + snippet(body));
    }
    JsonNode predictions = root.get("predictions");
    if (predictions == null || !predictions.isArray()) {
      throw new InvalidResponseException("body has no \"predictions\" array: " + snippet(body));
    }
    if (predictions.size() != instances.size()) {
      throw new InvalidResponseException(
          "sent "
              + instances.size()
              + " instances but got "
              + predictions.size()
              + " predictions; refusing to guess which belongs to which");
    }
    String model = textOr(root.get("model"), requestedModel);
    String modelVersion = textOr(root.get("model_version"), null);
    List<Prediction> out = new ArrayList<>(instances.size());
    for (int i = 0; i < instances.size(); i++) {
      out.add(prediction(predictions.get(i), i, instances.get(i), model, modelVersion));
    }
    return List.copyOf(out);
  }

  private static Prediction prediction(
      JsonNode node, int index, PredictInstance instance, String model, String modelVersion)
      throws InvalidResponseException {
    String where = "predictions[" + index + "]";
    if (node == null || !node.isObject()) {
      throw new InvalidResponseException(where + " is not a JSON object");
    }
    // The contract does not require an echoed id, but when the endpoint sends one it must match:
    // the cheapest guard against a response that is complete but out of order.
    JsonNode id = node.get("id");
    if (id != null && !id.isNull() && instance.id() != null && !instance.id().equals(id.asText())) {
      throw new InvalidResponseException(
          where + " has id " + id.asText() + " but instance " + index + " has id " + instance.id());
    }
    try {
      PredictResult result = MAPPER.treeToValue(node, PredictResult.class);
      if (result.probabilities() != null) {
        for (Map.Entry<String, Double> p : result.probabilities().entrySet()) {
          Double v = p.getValue();
          if (v != null && !(v >= 0.0 && v <= 1.0)) {
            throw new IllegalArgumentException(
                "probability of '" + p.getKey() + "' must be in [0, 1], got " + v);
          }
        }
      }
      return result.toPrediction(model, modelVersion);
    } catch (JsonProcessingException e) {
      throw new InvalidResponseException(where + " has the wrong shape: " + firstLine(e), e);
    } catch (IllegalArgumentException e) {
      throw new InvalidResponseException(where + ": " + e.getMessage(), e);
    }
  }

  /**
   * The human-readable detail of an error body: problem+json {@code detail} (else {@code title}),
   * or a Google API error's {@code error.message}; null when the body has neither.
   */
  static String problemDetail(byte[] body, MediaType contentType) {
    if (body == null || body.length == 0 || (contentType != null && !isJson(contentType))) {
      return null;
    }
    try {
      JsonNode root = MAPPER.readTree(body);
      if (root == null || !root.isObject()) {
        return null;
      }
      String detail = textOr(root.get("detail"), null);
      if (detail == null) {
        JsonNode error = root.get("error");
        detail = error != null && error.isObject() ? textOr(error.get("message"), null) : null;
      }
      return detail != null ? detail : textOr(root.get("title"), null);
    } catch (IOException e) {
      return null;
    }
  }

  /** Up to 200 characters of a body, on one line, for error messages. */
  static String snippet(byte[] body) {
    if (body == null || body.length == 0) {
      return "<empty body>";
    }
    String text =
        new String(body, 0, Math.min(body.length, 400), StandardCharsets.UTF_8)
            .replaceAll("\\s+", " ")
            .strip();
    boolean cut = text.length() > 200 || body.length > 400;
    return "\""
        + (text.length() > 200 ? text.substring(0, 200) : text)
        + (cut ? "...\" (" + body.length + " bytes)" : "\"");
  }

  private static boolean isJson(MediaType type) {
    return type.subtype().equals("json") || type.subtype().endsWith("+json");
  }

  private static String textOr(JsonNode node, String fallback) {
    return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : fallback;
  }

  private static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}

package io.github.tweetsentiment.pipeline.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tweetsentiment.core.TweetJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * What a scripted sentiment endpoint answers: a MockWebServer dispatcher that reads the predict
 * request's instances and hands their texts to a script; {@link #predictions} is the happy script,
 * labelling by keyword (good is positive, bad negative, anything else neutral). The model's
 * metadata ({@code GET}) names version {@value #VERSION} and no share correction.
 */
public final class KeywordModel {

  /** The model version every prediction and the metadata carry. */
  public static final String VERSION = "test-1";

  private KeywordModel() {}

  public static Dispatcher dispatcher(Function<List<String>, MockResponse> script) {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (request.getMethod().equals("GET")) {
          String path = request.getUrl().encodedPath();
          String model = path.substring(path.lastIndexOf('/') + 1);
          return json("{\"name\":\"" + model + "\",\"version\":\"" + VERSION + "\"}");
        }
        List<String> texts = new ArrayList<>();
        try {
          JsonNode body = TweetJson.mapper().readTree(request.getBody().utf8());
          body.get("instances").forEach(i -> texts.add(i.get("text").asText()));
        } catch (IOException | RuntimeException e) {
          return new MockResponse.Builder().code(500).build();
        }
        return script.apply(texts);
      }
    };
  }

  /** A 200 with one keyword prediction per text. */
  public static MockResponse predictions(List<String> texts) {
    ObjectNode root = TweetJson.mapper().createObjectNode();
    ArrayNode predictions = root.putArray("predictions");
    for (String text : texts) {
      String lower = text.toLowerCase(java.util.Locale.ROOT);
      String label =
          lower.contains("good") ? "positive" : lower.contains("bad") ? "negative" : "neutral";
      ObjectNode p = predictions.addObject();
      p.put("label", label);
      p.put("score", 0.8);
      ObjectNode probs = p.putObject("probabilities");
      probs.put("negative", label.equals("negative") ? 0.8 : 0.1);
      probs.put("neutral", label.equals("neutral") ? 0.8 : 0.1);
      probs.put("positive", label.equals("positive") ? 0.8 : 0.1);
    }
    root.put("model", "fast");
    root.put("model_version", VERSION);
    return json(root.toString());
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }
}

package io.github.tweetsentiment.ingest;

import java.util.Map;
import java.util.Objects;

/**
 * One message to publish: UTF-8 JSON data and string attributes.
 *
 * @param data a one-line stream envelope, {@code {"data": <tweet>, ...}}
 * @param attributes the Pub/Sub attributes
 */
public record OutboundMessage(String data, Map<String, String> attributes) {
  public OutboundMessage {
    Objects.requireNonNull(data, "data");
    attributes = Map.copyOf(attributes);
  }
}

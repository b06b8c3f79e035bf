package io.github.tweetsentiment.pipeline.read;

import io.github.tweetsentiment.pipeline.coders.FieldInput;
import io.github.tweetsentiment.pipeline.coders.FieldOutput;
import io.github.tweetsentiment.pipeline.coders.VersionedCoder;
import io.github.tweetsentiment.pipeline.deadletter.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * One input message exactly as it arrived: a Pub/Sub message, or one line of a recorded file. Every
 * later failure can hand this back to the dead-letter table byte for byte.
 *
 * @param payload the message data (a recorded line without its line break)
 * @param attributes the Pub/Sub attributes; for a recorded line, {@code file} and {@code line}
 * @param messageId the Pub/Sub message id; null for recorded lines
 * @param publishTime when Pub/Sub accepted the message; null for recorded lines
 */
@DefaultCoder(RawMessage.RawMessageCoder.class)
public record RawMessage(
    byte[] payload, Map<String, String> attributes, String messageId, Instant publishTime)
    implements DeadLetter.Original {

  public RawMessage {
    payload = payload == null ? new byte[0] : payload.clone();
    attributes = sortedCopy(attributes);
  }

  /** An unmodifiable copy in key order: deterministic encodings and dead-letter rows. */
  public static Map<String, String> sortedCopy(Map<String, String> attributes) {
    return attributes == null || attributes.isEmpty()
        ? Collections.emptySortedMap()
        : Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
  }

  /** A Pub/Sub message. */
  public static RawMessage fromPubsub(
      byte[] payload, Map<String, String> attributes, String messageId, Instant publishTime) {
    return new RawMessage(payload, attributes, messageId, publishTime);
  }

  /** A line of a recorded file. */
  public static RawMessage fromRecording(String line, String file, long lineNumber) {
    return new RawMessage(
        line.getBytes(StandardCharsets.UTF_8),
        Map.of("file", file, "line", Long.toString(lineNumber)),
        null,
        null);
  }

  /** True for a message read from Pub/Sub, whose attributes the publisher must have set. */
  public boolean isPubsub() {
    return messageId != null;
  }

  /** The attribute's value, or null. */
  public String attribute(String key) {
    return attributes.get(key);
  }

  /** The payload as UTF-8 text (lossy when it is not valid UTF-8). */
  public String payloadString() {
    return new String(payload, StandardCharsets.UTF_8);
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RawMessage other
        && Arrays.equals(payload, other.payload)
        && attributes.equals(other.attributes)
        && Objects.equals(messageId, other.messageId)
        && Objects.equals(publishTime, other.publishTime);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(payload), attributes, messageId, publishTime);
  }

  @Override
  public String toString() {
    return "RawMessage[messageId="
        + messageId
        + ", attributes="
        + attributes
        + ", payload="
        + abbreviate(payloadString())
        + "]";
  }

  private static String abbreviate(String s) {
    return s.length() <= 120 ? s : s.substring(0, 117) + "...";
  }

  /** Payload, attributes in key order, message id and publish time. */
  public static final class RawMessageCoder extends VersionedCoder<RawMessage> {
    private static final RawMessageCoder INSTANCE = new RawMessageCoder();

    private RawMessageCoder() {
      super(
          1,
          // The record's own array: payload() would copy it.
          (out, m) ->
              out.bytes(m.payload)
                  .stringMap(m.attributes)
                  .optional(FieldOutput::string, m.messageId)
                  .optional(FieldOutput::instant, m.publishTime),
          in ->
              new RawMessage(
                  in.bytes(),
                  in.stringMap(),
                  in.optional(FieldInput::string),
                  in.optional(FieldInput::instant)));
    }

    public static RawMessageCoder of() {
      return INSTANCE;
    }
  }
}

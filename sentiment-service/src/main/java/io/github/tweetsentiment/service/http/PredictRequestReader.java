package io.github.tweetsentiment.service.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.tweetsentiment.core.TweetJson;
import io.github.tweetsentiment.core.predict.PredictInstance;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a predict request's bytes into instances, enforcing every limit with a specific problem:
 * media type, body size, UTF-8, JSON syntax, the {@code instances} shape, and each text.
 */
public final class PredictRequestReader {

  private final ServiceLimits limits;
  private final ObjectMapper mapper = TweetJson.mapper();

  public PredictRequestReader(ServiceLimits limits) {
    this.limits = limits;
  }

  /** Rejects any Content-Type but JSON; a missing one is taken as JSON. */
  public void checkContentType(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return;
    }
    String mime = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!mime.equals("application/json") && !mime.endsWith("+json")) {
      throw Problems.unsupportedMediaType(contentType);
    }
  }

  /**
   * Reads at most the body limit from the stream.
   *
   * @param declaredLength the Content-Length, or -1 when unknown (chunked)
   */
  public byte[] readBody(InputStream in, long declaredLength) throws IOException {
    if (declaredLength > limits.maxBodyBytes()) {
      throw Problems.bodyTooLarge(limits.maxBodyBytes());
    }
    byte[] body = in.readNBytes(limits.maxBodyBytes() + 1);
    if (body.length > limits.maxBodyBytes()) {
      throw Problems.bodyTooLarge(limits.maxBodyBytes());
    }
    return body;
  }

  /** Decodes strict UTF-8: malformed or truncated sequences are a 400 naming the byte offset. */
  public static String decodeUtf8(byte[] body) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(body);
    CharBuffer out = CharBuffer.allocate(body.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      throw Problems.invalidUtf8(in.position());
    }
    result = decoder.flush(out);
    if (result.isError()) {
      throw Problems.invalidUtf8(in.position());
    }
    out.flip();
    return out.toString();
  }

  /** Parses and validates the JSON body. */
  public List<PredictInstance> parse(String body) {
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (JsonProcessingException e) {
      throw Problems.malformedJson(
          "the body is not valid JSON: " + e.getOriginalMessage() + location(e));
    }
    if (root == null || root.isMissingNode()) {
      throw Problems.malformedJson(
          "the body is empty: send {\"instances\": [{\"text\": \"...\"}]}");
    }
    if (!root.isObject()) {
      throw Problems.invalidRequest(
          "the body must be a JSON object with an \"instances\" array, got " + kind(root));
    }
    JsonNode instances = root.get("instances");
    if (instances == null || instances.isNull()) {
      throw Problems.invalidRequest(
          "the body has no \"instances\": send {\"instances\": [{\"text\": \"...\"}]}");
    }
    if (!instances.isArray()) {
      throw Problems.invalidRequest("\"instances\" must be an array, got " + kind(instances));
    }
    if (instances.isEmpty()) {
      throw Problems.invalidRequest("\"instances\" is empty: send at least one");
    }
    if (instances.size() > limits.maxInstances()) {
      throw Problems.tooManyInstances(instances.size(), limits.maxInstances());
    }
    List<PredictInstance> out = new ArrayList<>(instances.size());
    for (int i = 0; i < instances.size(); i++) {
      out.add(instance(instances.get(i), i));
    }
    return out;
  }

  private PredictInstance instance(JsonNode node, int i) {
    if (!node.isObject()) {
      throw Problems.invalidRequest(
          "instances[" + i + "] must be an object with a \"text\" string, got " + kind(node));
    }
    JsonNode text = node.get("text");
    if (text == null || text.isNull()) {
      throw Problems.invalidRequest("instances[" + i + "].text is missing");
    }
    if (!text.isTextual()) {
      throw Problems.invalidRequest(
          "instances[" + i + "].text must be a string, got " + kind(text));
    }
    String value = text.textValue();
    if (value.length() > limits.maxTextChars()) {
      throw Problems.textTooLong(i, value.length(), limits.maxTextChars());
    }
    int bad = unpairedSurrogate(value);
    if (bad >= 0) {
      throw Problems.invalidRequest(
          "instances["
              + i
              + "].text has an unpaired surrogate escape at character "
              + bad
              + ": it is not valid Unicode");
    }
    JsonNode id = node.get("id");
    String idValue;
    if (id == null || id.isNull()) {
      idValue = null;
    } else if (id.isTextual() || id.isIntegralNumber()) {
      idValue = id.asText();
    } else {
      throw Problems.invalidRequest("instances[" + i + "].id must be a string, got " + kind(id));
    }
    return new PredictInstance(idValue, value);
  }

  /** The index of the first unpaired surrogate, or -1. JSON escapes can smuggle them in. */
  static int unpairedSurrogate(String s) {
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (Character.isHighSurrogate(c)) {
        if (k + 1 < s.length() && Character.isLowSurrogate(s.charAt(k + 1))) {
          k++;
        } else {
          return k;
        }
      } else if (Character.isLowSurrogate(c)) {
        return k;
      }
    }
    return -1;
  }

  private static String location(JsonProcessingException e) {
    if (e.getLocation() == null) {
      return "";
    }
    return " (line "
        + e.getLocation().getLineNr()
        + ", column "
        + e.getLocation().getColumnNr()
        + ")";
  }

  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT, POJO -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }
}

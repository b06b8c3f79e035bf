package io.github.tweetsentiment.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one JSON codec for the X API v2 shapes this system reads and writes.
 *
 * <p>Tolerant of fields it does not know (the API adds them over time), strict on the ones it
 * needs: a tweet must have a numeric-string {@code id} and a string {@code text}, and a {@code
 * created_at} that is present must be RFC 3339. Violations raise {@link TweetFormatException}
 * naming the field. A long post's whole text ({@code note_tweet.text}, with its entities) is read
 * as the tweet's text, and written back as {@code text}.
 *
 * <p>{@link #readEnvelope} accepts three shapes, one JSON document each: a stream envelope {@code
 * {"data": {tweet}, "includes": {"users": [...]}, "matching_rules": [...]}}, a recent-search page
 * {@code {"data": [tweets], "includes": ..., "meta": ...}}, and a bare tweet object.
 */
public final class TweetJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private TweetJson() {}

  /** The shared, thread-safe mapper, configured like the codec (unknown fields ignored). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Reads one envelope, search page or bare tweet from UTF-8 JSON. */
  public static Envelope readEnvelope(byte[] json) {
    return readEnvelope(parseTree(json));
  }

  /** Reads one envelope, search page or bare tweet from a JSON string. */
  public static Envelope readEnvelope(String json) {
    return readEnvelope(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads an already parsed envelope, search page or bare tweet. */
  public static Envelope readEnvelope(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new TweetFormatException(null, "expected a JSON object, got " + describe(root));
    }
    JsonNode data = root.get("data");
    if (data == null || data.isNull()) {
      if (root.has("id") || root.has("text")) {
        return new Envelope(List.of(readTweet(root, "", Map.of())), List.of());
      }
      if (root.path("meta").path("result_count").asInt(-1) == 0) {
        return new Envelope(List.of(), List.of());
      }
      throw new TweetFormatException(
          "data", "missing: not a stream envelope, a search page or a tweet");
    }
    Map<String, JsonNode> users = usersById(root.path("includes").path("users"));
    List<Tweet> tweets = new ArrayList<>();
    if (data.isArray()) {
      for (int i = 0; i < data.size(); i++) {
        tweets.add(readTweet(data.get(i), "data[" + i + "].", users));
      }
    } else if (data.isObject()) {
      tweets.add(readTweet(data, "data.", users));
    } else {
      throw new TweetFormatException("data", "expected an object or array, got " + describe(data));
    }
    return new Envelope(tweets, readRules(root.path("matching_rules")));
  }

  /**
   * The tweet objects of an already parsed document, without checking them: a stream envelope's
   * {@code data}, a search page's {@code data} elements, or the document itself when it is a bare
   * tweet. Empty for anything else. For code that looks at a field or two of a payload that may not
   * parse as a whole ({@link #readEnvelope} is the strict reader).
   */
  public static List<ObjectNode> tweetNodes(JsonNode root) {
    if (root == null || !root.isObject()) {
      return List.of();
    }
    JsonNode data = root.get("data");
    if (data == null || data.isNull()) {
      return root.has("id") || root.has("text") ? List.of((ObjectNode) root) : List.of();
    }
    List<ObjectNode> tweets = new ArrayList<>();
    if (data.isArray()) {
      data.forEach(t -> addIfObject(t, tweets));
    } else {
      addIfObject(data, tweets);
    }
    return tweets;
  }

  private static void addIfObject(JsonNode node, List<ObjectNode> into) {
    if (node instanceof ObjectNode object) {
      into.add(object);
    }
  }

  /**
   * Writes a tweet as a one-line stream envelope, the format of Pub/Sub messages and recordings.
   */
  public static String writeEnvelope(Tweet tweet, List<MatchingRule> matchingRules) {
    ObjectNode root = MAPPER.createObjectNode();
    root.set("data", tweetNode(tweet));
    if (tweet.authorId() != null
        && (tweet.authorUsername() != null || tweet.authorName() != null)) {
      ObjectNode user = root.putObject("includes").putArray("users").addObject();
      user.put("id", tweet.authorId());
      putIfNotNull(user, "name", tweet.authorName());
      putIfNotNull(user, "username", tweet.authorUsername());
    }
    if (matchingRules != null && !matchingRules.isEmpty()) {
      ArrayNode rules = root.putArray("matching_rules");
      for (MatchingRule rule : matchingRules) {
        ObjectNode r = rules.addObject();
        putIfNotNull(r, "id", rule.id());
        putIfNotNull(r, "tag", rule.tag());
      }
    }
    return toJson(root);
  }

  /** The tweet as an X API v2 tweet object. */
  public static ObjectNode tweetNode(Tweet tweet) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("id", tweet.id());
    node.put("text", tweet.text());
    if (tweet.createdAt() != null) {
      node.put("created_at", formatTimestamp(tweet.createdAt()));
    }
    putIfNotNull(node, "author_id", tweet.authorId());
    putIfNotNull(node, "lang", tweet.lang());
    putIfNotNull(node, "conversation_id", tweet.conversationId());
    if (!tweet.referencedTweetTypes().isEmpty()) {
      ArrayNode refs = node.putArray("referenced_tweets");
      tweet.referencedTweetTypes().forEach(type -> refs.addObject().put("type", type));
    }
    PublicMetrics m = tweet.publicMetrics();
    if (m != null) {
      ObjectNode metrics = node.putObject("public_metrics");
      putIfNotNull(metrics, "retweet_count", m.retweetCount());
      putIfNotNull(metrics, "reply_count", m.replyCount());
      putIfNotNull(metrics, "like_count", m.likeCount());
      putIfNotNull(metrics, "quote_count", m.quoteCount());
      putIfNotNull(metrics, "bookmark_count", m.bookmarkCount());
      putIfNotNull(metrics, "impression_count", m.impressionCount());
    }
    if (!tweet.hashtags().isEmpty() || !tweet.mentions().isEmpty() || !tweet.urls().isEmpty()) {
      ObjectNode entities = node.putObject("entities");
      if (!tweet.hashtags().isEmpty()) {
        ArrayNode a = entities.putArray("hashtags");
        tweet.hashtags().forEach(tag -> a.addObject().put("tag", tag));
      }
      if (!tweet.mentions().isEmpty()) {
        ArrayNode a = entities.putArray("mentions");
        tweet.mentions().forEach(user -> a.addObject().put("username", user));
      }
      if (!tweet.urls().isEmpty()) {
        ArrayNode a = entities.putArray("urls");
        tweet.urls().forEach(url -> a.addObject().put("expanded_url", url));
      }
    }
    return node;
  }

  /** RFC 3339 in UTC with milliseconds, as the X API writes {@code created_at}. */
  public static String formatTimestamp(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
  }

  /** Parses an RFC 3339 timestamp with any offset; {@code field} names it in the error. */
  public static Instant parseTimestamp(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new TweetFormatException(field, "missing timestamp");
    }
    try {
      return OffsetDateTime.parse(value.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toInstant();
    } catch (DateTimeParseException e) {
      throw new TweetFormatException(
          field, "not an RFC 3339 timestamp: '" + abbreviate(value) + "'", e);
    }
  }

  /** Serializes any value with the shared mapper. */
  public static String toJson(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }

  private static JsonNode parseTree(byte[] json) {
    if (json == null || json.length == 0) {
      throw new TweetFormatException(null, "empty payload");
    }
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new TweetFormatException(null, "malformed JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new TweetFormatException(null, "unreadable JSON: " + e.getMessage(), e);
    }
  }

  private static Tweet readTweet(JsonNode node, String path, Map<String, JsonNode> users) {
    if (node == null || !node.isObject()) {
      throw new TweetFormatException(
          path.isEmpty() ? null : path.substring(0, path.length() - 1),
          "expected a tweet object, got " + describe(node));
    }
    JsonNode idNode = node.get("id");
    if (idNode == null || idNode.isNull()) {
      throw new TweetFormatException(path + "id", "missing");
    }
    if (!idNode.isTextual() || !TweetMessage.isTweetId(idNode.asText())) {
      throw new TweetFormatException(
          path + "id", "must be a numeric string, got " + describe(idNode));
    }
    JsonNode textNode = node.get("text");
    if (textNode == null || textNode.isNull()) {
      throw new TweetFormatException(path + "text", "missing");
    }
    if (!textNode.isTextual()) {
      throw new TweetFormatException(path + "text", "must be a string, got " + describe(textNode));
    }
    Instant createdAt = null;
    JsonNode created = node.get("created_at");
    if (created != null && !created.isNull()) {
      if (!created.isTextual()) {
        throw new TweetFormatException(
            path + "created_at", "must be an RFC 3339 string, got " + describe(created));
      }
      createdAt = parseTimestamp(created.asText(), path + "created_at");
    }
    String authorId = textOrNull(node, "author_id");
    JsonNode user = authorId == null ? null : users.get(authorId);
    // A post longer than 280 characters comes with `text` cut short and its whole text, with the
    // entities of that text, in `note_tweet`: the whole text is the post.
    JsonNode note = node.path("note_tweet");
    JsonNode noteText = note.get("text");
    boolean whole = noteText != null && noteText.isTextual() && !noteText.asText().isEmpty();
    JsonNode entities =
        whole && note.has("entities") ? note.path("entities") : node.path("entities");
    return new Tweet(
        idNode.asText(),
        whole ? noteText.asText() : textNode.asText(),
        createdAt,
        authorId,
        user == null ? null : textOrNull(user, "username"),
        user == null ? null : textOrNull(user, "name"),
        textOrNull(node, "lang"),
        textOrNull(node, "conversation_id"),
        collect(node.path("referenced_tweets"), "type"),
        readMetrics(node.get("public_metrics")),
        collect(entities.path("hashtags"), "tag"),
        collect(entities.path("mentions"), "username"),
        collectUrls(entities.path("urls")));
  }

  private static PublicMetrics readMetrics(JsonNode m) {
    if (m == null || !m.isObject()) {
      return null;
    }
    return new PublicMetrics(
        longOrNull(m, "retweet_count"),
        longOrNull(m, "reply_count"),
        longOrNull(m, "like_count"),
        longOrNull(m, "quote_count"),
        longOrNull(m, "bookmark_count"),
        longOrNull(m, "impression_count"));
  }

  private static Map<String, JsonNode> usersById(JsonNode users) {
    Map<String, JsonNode> byId = new HashMap<>();
    if (users.isArray()) {
      for (JsonNode user : users) {
        String id = textOrNull(user, "id");
        if (id != null) {
          byId.put(id, user);
        }
      }
    }
    return byId;
  }

  private static List<MatchingRule> readRules(JsonNode rules) {
    List<MatchingRule> result = new ArrayList<>();
    if (rules.isArray()) {
      for (JsonNode rule : rules) {
        result.add(new MatchingRule(textOrNull(rule, "id"), textOrNull(rule, "tag")));
      }
    }
    return result;
  }

  private static List<String> collect(JsonNode array, String field) {
    List<String> values = new ArrayList<>();
    if (array.isArray()) {
      for (JsonNode item : array) {
        String value = textOrNull(item, field);
        if (value != null) {
          values.add(value);
        }
      }
    }
    return values;
  }

  private static List<String> collectUrls(JsonNode array) {
    List<String> values = new ArrayList<>();
    if (array.isArray()) {
      for (JsonNode item : array) {
        String url = textOrNull(item, "expanded_url");
        if (url == null) {
          url = textOrNull(item, "url");
        }
        if (url != null) {
          values.add(url);
        }
      }
    }
    return values;
  }

  private static String textOrNull(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
  }

  private static Long longOrNull(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.canConvertToLong() ? value.asLong() : null;
  }

  private static void putIfNotNull(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  private static void putIfNotNull(ObjectNode node, String field, Long value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  private static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    return node.getNodeType().name().toLowerCase(Locale.ROOT)
        + (node.isValueNode() ? " " + abbreviate(node.toString()) : "");
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}

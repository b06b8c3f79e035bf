package io.github.tweetsentiment.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One problem the X API reported: an {@code application/problem+json} error body, or one entry of
 * the {@code errors} array that a 200 can carry beside its data (partial errors). Absent fields are
 * null.
 *
 * @param type the problem type URI, such as {@code https://api.x.com/2/problems/invalid-request}
 * @param title short summary
 * @param detail explanation
 * @param status the HTTP status the body names, if any
 * @param reason X's machine-readable reason, such as {@code client-not-enrolled}
 * @param resourceId the id a partial error is about
 * @param messages the {@code message} of each nested {@code errors} entry (400 bodies)
 */
public record ApiProblem(
    String type,
    String title,
    String detail,
    Integer status,
    String reason,
    String resourceId,
    List<String> messages) {

  private static final int MAX_TEXT = 300;

  public ApiProblem {
    messages = messages == null ? List.of() : List.copyOf(messages);
  }

  /** Reads a problem object; tolerant of every field being absent. */
  public static ApiProblem from(JsonNode node) {
    List<String> messages = new ArrayList<>();
    JsonNode errors = node.path("errors");
    if (errors.isArray()) {
      for (JsonNode e : errors) {
        String m = text(e, "message");
        if (m == null) {
          m = text(e, "detail");
        }
        if (m != null) {
          messages.add(m);
        }
      }
    }
    // Old-style bodies, {"errors":[{"code":89,"message":"..."}]}, have only a top-level message.
    String title = text(node, "title");
    if (title == null) {
      title = text(node, "message");
    }
    JsonNode status = node.get("status");
    return new ApiProblem(
        text(node, "type"),
        title,
        text(node, "detail"),
        status != null && status.canConvertToInt() ? status.asInt() : null,
        firstNonNull(text(node, "reason"), text(node, "connection_issue")),
        text(node, "resource_id"),
        messages);
  }

  /** The problems of a body: its {@code errors} entries if it is a 200, else the body itself. */
  static List<ApiProblem> partialErrors(JsonNode root) {
    List<ApiProblem> result = new ArrayList<>();
    JsonNode errors = root.path("errors");
    if (errors.isArray()) {
      for (JsonNode e : errors) {
        if (e.isObject()) {
          result.add(from(e));
        }
      }
    }
    return result;
  }

  /**
   * One line for logs and exception messages, such as {@code Client Forbidden: This request...}.
   */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    append(sb, title);
    if (detail != null && !detail.equals(title)) {
      append(sb, detail);
    }
    for (String m : messages) {
      append(sb, m);
    }
    if (reason != null) {
      sb.append(" (reason: ").append(reason).append(')');
    }
    if (resourceId != null) {
      sb.append(" (resource ").append(resourceId).append(')');
    }
    if (sb.length() == 0 && type != null) {
      sb.append(type);
    }
    String s = sb.toString();
    return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT - 3) + "...";
  }

  private static void append(StringBuilder sb, String part) {
    if (part == null || part.isBlank()) {
      return;
    }
    if (sb.length() > 0) {
      sb.append(": ");
    }
    sb.append(part.strip());
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
  }

  private static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }
}

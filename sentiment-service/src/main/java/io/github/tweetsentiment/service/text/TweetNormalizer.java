package io.github.tweetsentiment.service.text;

/**
 * The text normalization every model of this service applies, identically when training and when
 * serving.
 *
 * <p>It follows TweetEval's own preprocessing (whitespace tokens that start with {@code @} become
 * {@code @user}, tokens that start with {@code http} become {@code http}) and evens out the
 * encodings in which the same characters reach us: the training files carry literal {@code \u2019}
 * escapes and HTML entities, the X API sends HTML entities and typographic quotes. Emoji and case
 * are kept: each model decides what to do with them.
 */
public final class TweetNormalizer {

  private TweetNormalizer() {}

  /** The normalized form of a tweet's text; never null, possibly empty. */
  public static String normalize(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    String unescaped = unescape(text);
    StringBuilder out = new StringBuilder(unescaped.length());
    int i = 0;
    int n = unescaped.length();
    while (i < n) {
      while (i < n && isSpace(unescaped.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !isSpace(unescaped.charAt(i))) {
        i++;
      }
      if (start == i) {
        break;
      }
      if (out.length() > 0) {
        out.append(' ');
      }
      appendToken(out, unescaped, start, i);
    }
    return out.toString();
  }

  private static void appendToken(StringBuilder out, String s, int start, int end) {
    if (s.charAt(start) == '@' && end - start > 1) {
      out.append("@user");
    } else if (s.startsWith("http", start)) {
      out.append("http");
    } else {
      out.append(s, start, end);
    }
  }

  private static boolean isSpace(char c) {
    return Character.isWhitespace(c) || c == '\u00A0' || c == '\u2007' || c == '\u202F';
  }

  /** Decodes {@code \\uXXXX} escapes and HTML entities, and maps typographic punctuation. */
  private static String unescape(String s) {
    StringBuilder out = null;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      String replacement = null;
      int consumed = 1;
      if (c == '\\' && i + 1 < n && s.charAt(i + 1) == 'u' && isHex4(s, i + 2)) {
        char decoded = (char) Integer.parseInt(s.substring(i + 2, i + 6), 16);
        String mapped = mapTypographic(decoded);
        replacement = mapped != null ? mapped : String.valueOf(decoded);
        consumed = 6;
      } else if (c == '&') {
        int semi = s.indexOf(';', i + 1);
        if (semi > i && semi - i <= 6) {
          String entity = entity(s.substring(i + 1, semi));
          if (entity != null) {
            replacement = entity;
            consumed = semi - i + 1;
          }
        }
      } else {
        replacement = mapTypographic(c);
      }
      if (replacement != null) {
        if (out == null) {
          out = new StringBuilder(n);
          out.append(s, 0, i);
        }
        out.append(replacement);
        i += consumed - 1;
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? s : out.toString();
  }

  private static boolean isHex4(String s, int from) {
    if (from + 4 > s.length()) {
      return false;
    }
    for (int k = from; k < from + 4; k++) {
      if (Character.digit(s.charAt(k), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private static String entity(String name) {
    return switch (name) {
      case "amp" -> "&";
      case "lt" -> "<";
      case "gt" -> ">";
      case "quot" -> "\"";
      case "apos", "#39" -> "'";
      default -> null;
    };
  }

  /** The ASCII form of typographic punctuation, or null for any other character. */
  private static String mapTypographic(char c) {
    return switch (c) {
      case '\u2018', '\u2019', '\u02BC' -> "'";
      case '\u201C', '\u201D' -> "\"";
      case '\u2026' -> "...";
      default -> null;
    };
  }
}

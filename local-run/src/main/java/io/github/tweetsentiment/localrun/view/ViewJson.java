package io.github.tweetsentiment.localrun.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;

/** The view's JSON: the state the page reads, and the rows it reads from the output. */
final class ViewJson {

  /** Configured once here and never changed: thread-safe. */
  static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private ViewJson() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("the view's state as JSON", e);
    }
  }

  /**
   * JSON that is safe inside an HTML {@code <script>} element: {@code <}, {@code >} and {@code &}
   * only ever occur inside JSON strings, where their {@code \}{@code u} escapes mean the same, so
   * no tweet can close the element or open a comment.
   */
  static String writeForScript(Object value) {
    return write(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
  }
}

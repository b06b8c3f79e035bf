package io.github.tweetsentiment.ingest;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tweetsentiment.core.TweetJson;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per log line, as Cloud Logging reads a Cloud Function's or Cloud Run service's
 * stdout: {@code severity} (DEBUG, INFO, WARNING, ERROR), {@code message}, {@code time}, the
 * logger, the SLF4J key-value pairs as fields of their own, and {@code stack_trace} for Error
 * Reporting.
 */
public class CloudLoggingLayout extends LayoutBase<ILoggingEvent> {
  private static final Set<String> RESERVED =
      Set.of("severity", "message", "time", "logger", "thread", "stack_trace");

  @Override
  public String doLayout(ILoggingEvent event) {
    ObjectNode node = TweetJson.mapper().createObjectNode();
    node.put("severity", severity(event.getLevel()));
    node.put("message", event.getFormattedMessage());
    node.put("time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
    node.put("logger", event.getLoggerName());
    node.put("thread", event.getThreadName());
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs != null) {
      for (KeyValuePair kv : pairs) {
        String key = RESERVED.contains(kv.key) ? "kv_" + kv.key : kv.key;
        if (kv.value == null) {
          node.putNull(key);
        } else if (kv.value instanceof Integer || kv.value instanceof Long) {
          node.put(key, ((Number) kv.value).longValue());
        } else if (kv.value instanceof Number n) {
          node.put(key, n.doubleValue());
        } else if (kv.value instanceof Boolean b) {
          node.put(key, b);
        } else {
          node.put(key, kv.value.toString());
        }
      }
    }
    Map<String, String> mdc = event.getMDCPropertyMap();
    if (mdc != null) {
      mdc.forEach((k, v) -> node.put(RESERVED.contains(k) ? "mdc_" + k : k, v));
    }
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      node.put("stack_trace", ThrowableProxyUtil.asString(thrown));
    }
    try {
      return TweetJson.mapper().writeValueAsString(node) + CoreConstants.LINE_SEPARATOR;
    } catch (JsonProcessingException e) {
      return "{\"severity\":\"ERROR\",\"message\":\"unloggable event\"}"
          + CoreConstants.LINE_SEPARATOR;
    }
  }

  /** Cloud Logging's LogSeverity names: WARN is WARNING there. */
  static String severity(Level level) {
    return switch (level.toInt()) {
      case Level.ERROR_INT -> "ERROR";
      case Level.WARN_INT -> "WARNING";
      case Level.INFO_INT -> "INFO";
      default -> "DEBUG";
    };
  }
}

package io.github.tweetsentiment.ingest;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures every log line, formatted as in production, while open. */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  private final CloudLoggingLayout layout = new CloudLoggingLayout();
  private final List<String> lines = new ArrayList<>();
  private final Logger root;

  LogCapture() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    layout.setContext(context);
    layout.start();
    setContext(context);
    start();
    root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(this);
  }

  @Override
  protected synchronized void append(ILoggingEvent event) {
    lines.add(layout.doLayout(event));
  }

  synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  synchronized String all() {
    return String.join("", lines);
  }

  @Override
  public void close() {
    root.detachAppender(this);
    stop();
  }
}

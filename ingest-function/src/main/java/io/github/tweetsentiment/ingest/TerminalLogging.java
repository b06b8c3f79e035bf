package io.github.tweetsentiment.ingest;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logging for a person at a terminal, which the record command switches to: warnings and errors as
 * plain {@code warning: ...} lines, no INFO (the command prints its own progress), no JSON. The
 * Cloud Function keeps the structured JSON of {@code logback.xml}.
 */
final class TerminalLogging {
  static final String PATTERN =
      "%replace(%replace(%level){'WARN','warning'}){'ERROR','error'}: %msg%n%nopex";

  private TerminalLogging() {}

  /** Replaces the logging configuration of this JVM with plain lines on {@code stream}. */
  static void install(OutputStream stream) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setName("terminal");
    appender.setEncoder(encoder);
    appender.setOutputStream(stream);
    appender.start();
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(appender);
  }
}

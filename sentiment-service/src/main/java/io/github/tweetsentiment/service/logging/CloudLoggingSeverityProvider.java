package io.github.tweetsentiment.service.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import net.logstash.logback.composite.AbstractFieldJsonProvider;

/**
 * Writes the log level as Cloud Logging's {@code severity} field, in its vocabulary ({@code
 * WARNING}, not logback's {@code WARN}), so the console shows the right icon and filters work.
 */
public final class CloudLoggingSeverityProvider extends AbstractFieldJsonProvider<ILoggingEvent> {

  public CloudLoggingSeverityProvider() {
    setFieldName("severity");
  }

  @Override
  public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
    generator.writeStringField(getFieldName(), severity(event.getLevel()));
  }

  static String severity(Level level) {
    return switch (level.toInt()) {
      case Level.ERROR_INT -> "ERROR";
      case Level.WARN_INT -> "WARNING";
      case Level.INFO_INT -> "INFO";
      default -> "DEBUG";
    };
  }
}

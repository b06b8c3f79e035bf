package io.github.tweetsentiment.service.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/** The service's logging configuration writes Cloud Logging's structured JSON. */
class JsonLoggingConfigTest {

  @Test
  void serviceConfig_writesSeverityMessageTimeAndKeyValues() throws Exception {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(getClass().getResource("/sentiment-service-logback.xml"));
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    @SuppressWarnings("unchecked")
    OutputStreamAppender<ILoggingEvent> appender =
        (OutputStreamAppender<ILoggingEvent>) root.getAppender("JSON");

    LoggingEvent event =
        new LoggingEvent(
            "x",
            context.getLogger("io.github.tweetsentiment.service.SentimentServer"),
            Level.WARN,
            "model {} slow",
            null,
            new Object[] {"fast"});
    event.setKeyValuePairs(
        List.of(
            new KeyValuePair("httpRequest", Map.of("status", 503)),
            new KeyValuePair("instances", 3)));
    JsonNode json = new ObjectMapper().readTree(appender.getEncoder().encode(event));

    assertThat(json.get("severity").asText()).isEqualTo("WARNING");
    assertThat(json.get("message").asText()).isEqualTo("model fast slow");
    assertThat(json.get("time").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
    assertThat(json.get("httpRequest").get("status").asInt()).isEqualTo(503);
    assertThat(json.get("instances").asInt()).isEqualTo(3);
    context.stop();
  }

  @Test
  void severity_usesCloudLoggingNames() {
    assertThat(CloudLoggingSeverityProvider.severity(Level.ERROR)).isEqualTo("ERROR");
    assertThat(CloudLoggingSeverityProvider.severity(Level.WARN)).isEqualTo("WARNING");
    assertThat(CloudLoggingSeverityProvider.severity(Level.INFO)).isEqualTo("INFO");
    assertThat(CloudLoggingSeverityProvider.severity(Level.DEBUG)).isEqualTo("DEBUG");
    assertThat(CloudLoggingSeverityProvider.severity(Level.TRACE)).isEqualTo("DEBUG");
  }
}

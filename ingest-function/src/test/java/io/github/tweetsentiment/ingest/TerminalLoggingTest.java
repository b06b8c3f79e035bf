package io.github.tweetsentiment.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class TerminalLoggingTest {

  @AfterEach
  void restoreTheTestConfiguration() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    new ContextInitializer(context).autoConfig();
  }

  @Test
  void install_printsWarningsAndErrorsAsPlainLinesAndHidesInfo() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TerminalLogging.install(bytes);
    Logger logger = LoggerFactory.getLogger(Ingester.class);

    logger.atInfo().addKeyValue("pages", 3).log("Run finished");
    logger.atWarn().addKeyValue("pages", 3).log("Stopped at the page cap (X_MAX_PAGES={})", 3);
    logger.atError().setCause(new IllegalStateException("boom")).log("Run failed");

    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "warning: Stopped at the page cap (X_MAX_PAGES=3)"
                + System.lineSeparator()
                + "error: Run failed"
                + System.lineSeparator());
  }
}

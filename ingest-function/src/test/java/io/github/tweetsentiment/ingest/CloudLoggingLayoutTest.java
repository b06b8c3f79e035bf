package io.github.tweetsentiment.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tweetsentiment.core.TweetJson;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class CloudLoggingLayoutTest {
  private static final Logger LOG = LoggerFactory.getLogger(CloudLoggingLayoutTest.class);

  @Test
  void layout_writesOneJsonObjectPerLineWithCloudLoggingSeverity() throws Exception {
    try (LogCapture logs = new LogCapture()) {
      LOG.atWarn().addKeyValue("pages", 3).addKeyValue("query", "q").log("stopped at {}", "cap");
      LOG.atError().setCause(new IllegalStateException("boom")).log("failed");
      LOG.info("plain");

      JsonNode warn = TweetJson.mapper().readTree(logs.lines().get(0));
      assertThat(logs.lines().get(0)).endsWith(System.lineSeparator()).doesNotContain("\n{");
      assertThat(warn.path("severity").asText()).isEqualTo("WARNING");
      assertThat(warn.path("message").asText()).isEqualTo("stopped at cap");
      assertThat(warn.path("pages").isIntegralNumber()).isTrue();
      assertThat(warn.path("pages").asInt()).isEqualTo(3);
      assertThat(warn.path("query").asText()).isEqualTo("q");
      assertThat(warn.path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
      JsonNode error = TweetJson.mapper().readTree(logs.lines().get(1));
      assertThat(error.path("severity").asText()).isEqualTo("ERROR");
      assertThat(error.path("stack_trace").asText()).contains("IllegalStateException: boom");
      assertThat(TweetJson.mapper().readTree(logs.lines().get(2)).path("severity").asText())
          .isEqualTo("INFO");
    }
  }
}

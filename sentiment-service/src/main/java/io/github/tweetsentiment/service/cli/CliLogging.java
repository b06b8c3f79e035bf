package io.github.tweetsentiment.service.cli;

/** Quiet, plain logging for the commands, chosen before any logger exists. */
final class CliLogging {

  private CliLogging() {}

  static void configure() {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "sentiment-service-cli-logback.xml");
    }
  }
}

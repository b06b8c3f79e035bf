package io.github.tweetsentiment.service;

import io.github.tweetsentiment.service.model.Models;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the configuration, starts the server and stops it on SIGTERM (Cloud Run's shutdown). */
final class ServiceMain {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceMain.class);

  private ServiceMain() {}

  static void run(String[] args) {
    ServiceConfig config;
    try {
      config = ServiceConfig.from(System.getenv(), args);
    } catch (IllegalArgumentException e) {
      LOG.error("bad configuration: {}", e.getMessage());
      System.exit(2);
      return;
    }
    SentimentServer server =
        SentimentServer.start(
            config,
            () -> Models.load(config.model(), config.onnx(), config.intraOpThreads()),
            failure -> {
              // An instance without a model can never become ready: exit so the platform
              // reports the failed start instead of routing traffic to a dead end.
              LOG.error("exiting: the model could not be loaded");
              System.exit(1);
            });
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("shutting down");
                  server.close();
                },
                "shutdown"));
  }
}

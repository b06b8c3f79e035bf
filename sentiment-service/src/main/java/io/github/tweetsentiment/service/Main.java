package io.github.tweetsentiment.service;

/**
 * The entry point of {@code sentiment-service.jar} and of the container image.
 *
 * <pre>
 * PORT=8080 SENTIMENT_MODEL=fast java -jar sentiment-service/target/sentiment-service.jar
 * java -jar sentiment-service/target/sentiment-service.jar --model=fast --port=8080
 * </pre>
 *
 * <p>It only picks the JSON logging configuration before any logger exists, then hands over to
 * {@link ServiceMain}. The configuration has its own name rather than {@code logback.xml} so that
 * it never clashes with the logging of a module that embeds the service.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "sentiment-service-logback.xml");
    }
    ServiceMain.run(args);
  }
}

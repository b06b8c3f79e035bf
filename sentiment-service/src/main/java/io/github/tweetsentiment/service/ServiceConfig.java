package io.github.tweetsentiment.service;

import io.github.tweetsentiment.service.http.ServiceLimits;
import io.github.tweetsentiment.service.model.EncoderModel;
import io.github.tweetsentiment.service.model.FastModel;
import io.github.tweetsentiment.service.onnx.OnnxClassifierConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The service's settings, from environment variables (Cloud Run's way) with command-line flags
 * taking precedence.
 *
 * @param host the address to bind ({@code 0.0.0.0} in a container)
 * @param port {@code PORT}; 0 picks a free one
 * @param model the model to serve: {@code accurate}, {@code fast}, or the name of the configured
 *     ONNX classifier
 * @param intraOpThreads ONNX Runtime threads per model call
 * @param maxConcurrentCalls model calls running at once (others wait), so that concurrent requests
 *     share the cores instead of oversubscribing them
 * @param limits request limits
 * @param onnx the operator's ONNX classifier, or null
 */
public record ServiceConfig(
    String host,
    int port,
    String model,
    int intraOpThreads,
    int maxConcurrentCalls,
    ServiceLimits limits,
    OnnxClassifierConfig onnx) {

  /** Every flag, and the environment variable it overrides. */
  static final Map<String, String> FLAG_TO_ENV = flags();

  public ServiceConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("PORT must be in [0, 65535], got " + port);
    }
    if (intraOpThreads < 1 || maxConcurrentCalls < 1) {
      throw new IllegalArgumentException(
          "SENTIMENT_INTRA_OP_THREADS and SENTIMENT_MAX_CONCURRENT_CALLS must be >= 1");
    }
    if (onnx != null && !onnx.name().equals(model)) {
      throw new IllegalArgumentException(
          "SENTIMENT_ONNX_MODEL is set, so SENTIMENT_MODEL must name the ONNX model (not '"
              + model
              + "'): pick a name other than fast, accurate and best");
    }
  }

  private static Map<String, String> flags() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("port", "PORT");
    m.put("host", "SENTIMENT_HOST");
    m.put("model", "SENTIMENT_MODEL");
    m.put("intraOpThreads", "SENTIMENT_INTRA_OP_THREADS");
    m.put("maxConcurrentCalls", "SENTIMENT_MAX_CONCURRENT_CALLS");
    m.put("maxInstances", "SENTIMENT_MAX_INSTANCES");
    m.put("maxBodyBytes", "SENTIMENT_MAX_BODY_BYTES");
    m.put("maxTextChars", "SENTIMENT_MAX_TEXT_CHARS");
    m.put("onnxModel", "SENTIMENT_ONNX_MODEL");
    m.put("onnxTokenizer", "SENTIMENT_ONNX_TOKENIZER");
    m.put("onnxLabels", "SENTIMENT_ONNX_LABELS");
    m.put("onnxMaxTokens", "SENTIMENT_ONNX_MAX_TOKENS");
    m.put("onnxNormalize", "SENTIMENT_ONNX_NORMALIZE");
    m.put("onnxVersion", "SENTIMENT_ONNX_VERSION");
    return Map.copyOf(m);
  }

  /** The defaults for serving {@code model} on {@code host:port}. */
  public static ServiceConfig defaults(String host, int port, String model) {
    int threads = 1;
    return new ServiceConfig(
        host, port, model, threads, defaultConcurrency(threads), ServiceLimits.DEFAULT, null);
  }

  private static int defaultConcurrency(int intraOpThreads) {
    return Math.max(1, Runtime.getRuntime().availableProcessors() / intraOpThreads);
  }

  /**
   * Reads the configuration.
   *
   * @throws IllegalArgumentException naming the variable or flag that is wrong
   */
  public static ServiceConfig from(Map<String, String> env, String[] argv) {
    Settings s = new Settings(env, parseFlags(argv));
    int threads = s.integer("intraOpThreads", 1);
    ServiceLimits d = ServiceLimits.DEFAULT;
    ServiceLimits limits =
        new ServiceLimits(
            s.integer("maxInstances", d.maxInstances()),
            s.integer("maxBodyBytes", d.maxBodyBytes()),
            s.integer("maxTextChars", d.maxTextChars()));
    String model = s.string("model", EncoderModel.ACCURATE);
    OnnxClassifierConfig onnx = null;
    String onnxModel = s.string("onnxModel", null);
    if (onnxModel != null) {
      if (model.equals(EncoderModel.ACCURATE)
          || model.equals(EncoderModel.BEST)
          || model.equals(FastModel.NAME)) {
        throw new IllegalArgumentException(
            "SENTIMENT_ONNX_MODEL is set: set SENTIMENT_MODEL to the name to serve it under"
                + " (not fast, accurate or best), e.g. SENTIMENT_MODEL=roberta");
      }
      String tokenizer = s.string("onnxTokenizer", null);
      if (tokenizer == null) {
        throw new IllegalArgumentException(
            "SENTIMENT_ONNX_MODEL is set but SENTIMENT_ONNX_TOKENIZER (its tokenizer.json) is not");
      }
      onnx =
          new OnnxClassifierConfig(
              model,
              Path.of(onnxModel),
              Path.of(tokenizer),
              OnnxClassifierConfig.parseLabels(s.string("onnxLabels", "negative,neutral,positive")),
              s.integer("onnxMaxTokens", 128),
              s.bool("onnxNormalize", true),
              s.string("onnxVersion", null));
    }
    return new ServiceConfig(
        s.string("host", "0.0.0.0"),
        s.integer("port", 8080),
        model,
        threads,
        s.integer("maxConcurrentCalls", defaultConcurrency(threads)),
        limits,
        onnx);
  }

  /**
   * The flags given on the command line, parsed by picocli: {@code --name value} or {@code
   * --name=value}, each one of {@link #FLAG_TO_ENV}'s keys.
   */
  static Map<String, String> parseFlags(String[] argv) {
    CommandSpec spec = CommandSpec.create().name("sentiment-service");
    FLAG_TO_ENV.keySet().stream()
        .sorted()
        .forEach(
            flag ->
                spec.addOption(
                    OptionSpec.builder("--" + flag)
                        .type(String.class)
                        .paramLabel(FLAG_TO_ENV.get(flag))
                        .build()));
    ParseResult parsed;
    try {
      parsed = new CommandLine(spec).parseArgs(argv);
    } catch (CommandLine.UnmatchedArgumentException e) {
      throw new IllegalArgumentException(
          "sentiment-service: unknown flag "
              + String.join(" ", e.getUnmatched())
              + "; flags are "
              + String.join(
                  ", ", FLAG_TO_ENV.keySet().stream().sorted().map(f -> "--" + f).toList()),
          e);
    } catch (CommandLine.ParameterException e) {
      throw new IllegalArgumentException("sentiment-service: " + e.getMessage(), e);
    }
    Map<String, String> flags = new LinkedHashMap<>();
    for (OptionSpec option : parsed.matchedOptions()) {
      flags.put(option.longestName().substring(2), option.getValue());
    }
    return flags;
  }

  /** Flag first, then environment variable, then the default. */
  private record Settings(Map<String, String> env, Map<String, String> flags) {
    String string(String flag, String fallback) {
      if (flags.containsKey(flag)) {
        return flags.get(flag);
      }
      String v = env.get(FLAG_TO_ENV.get(flag));
      return v == null || v.isBlank() ? fallback : v.strip();
    }

    int integer(String flag, int fallback) {
      String v = string(flag, null);
      if (v == null) {
        return fallback;
      }
      try {
        return Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            FLAG_TO_ENV.get(flag) + " (--" + flag + ") must be an integer, got '" + v + "'", e);
      }
    }

    boolean bool(String flag, boolean fallback) {
      String v = string(flag, null);
      if (v == null) {
        return fallback;
      }
      return switch (v.toLowerCase(java.util.Locale.ROOT)) {
        case "true", "1", "yes" -> true;
        case "false", "0", "no" -> false;
        default ->
            throw new IllegalArgumentException(
                FLAG_TO_ENV.get(flag) + " (--" + flag + ") must be true or false, got '" + v + "'");
      };
    }
  }
}

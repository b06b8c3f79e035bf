package io.github.tweetsentiment.tools;

import io.github.tweetsentiment.service.model.Models;
import io.github.tweetsentiment.service.model.SentimentModel;
import io.github.tweetsentiment.service.onnx.OnnxClassifierConfig;
import io.github.tweetsentiment.tools.train.Evaluation;
import io.github.tweetsentiment.tools.train.LabelledSplit;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Scores a labelled split with a model exactly as the service loads it, and prints macro-recall
 * (TweetEval's metric), accuracy, macro-F1, per-class figures and the confusion matrix.
 *
 * <pre>
 * java -cp sentiment-service/target/sentiment-service.jar:sentiment-tools/target/sentiment-tools.jar \
 *     io.github.tweetsentiment.tools.Evaluate --model=accurate --split=val
 * </pre>
 */
@Command(
    name = "Evaluate",
    description = "Scores a labelled split with a model as the service loads it.")
public final class Evaluate extends ToolCommand {

  @Option(
      names = "--model",
      defaultValue = "accurate",
      description =
          "fast, accurate, best, or the name to give the --onnxModel (default: ${DEFAULT-VALUE})")
  String model;

  @Mixin DataOption data;

  @Option(names = "--split", defaultValue = "val", description = "split name (default: val)")
  String split;

  @Option(names = "--batchSize", defaultValue = "64", description = "texts per model call")
  int batchSize;

  @Option(names = "--intraOpThreads", description = "ONNX Runtime threads (default: all cores)")
  Integer intraOpThreads;

  @Option(names = "--onnxModel", paramLabel = "FILE", description = "an ONNX classifier")
  Path onnxModel;

  @Option(
      names = "--onnxTokenizer",
      paramLabel = "FILE",
      defaultValue = "tokenizer.json",
      description = "its tokenizer.json")
  Path onnxTokenizer;

  @Option(names = "--onnxLabels", defaultValue = "negative,neutral,positive")
  String onnxLabels;

  @Option(names = "--onnxMaxTokens", defaultValue = "128")
  int onnxMaxTokens;

  @Option(names = "--onnxNormalize", defaultValue = "true", arity = "1")
  boolean onnxNormalize;

  public static void main(String[] argv) {
    System.exit(CliLogging.execute(new Evaluate(), argv));
  }

  @Override
  public Integer call() {
    OnnxClassifierConfig onnx = null;
    if (onnxModel != null) {
      onnx =
          new OnnxClassifierConfig(
              model,
              onnxModel,
              onnxTokenizer,
              OnnxClassifierConfig.parseLabels(onnxLabels),
              onnxMaxTokens,
              onnxNormalize,
              null);
    }
    LabelledSplit labelled = data.split(split);
    int threads =
        intraOpThreads != null ? intraOpThreads : Runtime.getRuntime().availableProcessors();
    long loadStart = System.nanoTime();
    try (SentimentModel loaded = Models.load(model, onnx, threads)) {
      System.out.printf(
          Locale.ROOT,
          "model %s version %s loaded in %.1f s%n",
          loaded.info().name(),
          loaded.info().version(),
          (System.nanoTime() - loadStart) / 1e9);
      long start = System.nanoTime();
      Evaluation eval = Evaluation.of(loaded, labelled, batchSize);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "split %s: %d tweets in %.1f s (%.0f tweets/s, batches of %d, %d ONNX threads)%n",
          labelled.name(),
          labelled.size(),
          seconds,
          labelled.size() / seconds,
          batchSize,
          threads);
      System.out.print(eval.report());
    }
    return 0;
  }
}

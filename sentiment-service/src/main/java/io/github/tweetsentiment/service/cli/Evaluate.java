package io.github.tweetsentiment.service.cli;

import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.service.model.Models;
import io.github.tweetsentiment.service.model.SentimentModel;
import io.github.tweetsentiment.service.onnx.OnnxClassifierConfig;
import io.github.tweetsentiment.service.train.Evaluation;
import io.github.tweetsentiment.service.train.LabelledSplit;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Scores a labelled split with a model exactly as the service loads it, and prints macro-recall
 * (TweetEval's metric), accuracy, macro-F1, per-class figures and the confusion matrix.
 *
 * <pre>
 * java -cp sentiment-service/target/sentiment-service.jar \
 *     io.github.tweetsentiment.service.cli.Evaluate --model accurate \
 *     --data ../shared/datasets/tweeteval-sentiment --split val
 * </pre>
 *
 * <p>Flags: {@code --model} (default {@code accurate}), {@code --data DIR}, {@code --split NAME}
 * (default {@code val}), {@code --batch-size N} (default 64), {@code --intra-op-threads N}, and for
 * an operator's ONNX classifier {@code --onnx-model FILE --onnx-tokenizer FILE} with optional
 * {@code --onnx-labels}, {@code --onnx-max-tokens}, {@code --onnx-normalize} (then {@code --model}
 * is the name to give it).
 */
public final class Evaluate {

  private static final Set<String> FLAGS =
      Set.of(
          "model",
          "data",
          "split",
          "batch-size",
          "intra-op-threads",
          "onnx-model",
          "onnx-tokenizer",
          "onnx-labels",
          "onnx-max-tokens",
          "onnx-normalize");

  private Evaluate() {}

  public static void main(String[] argv) {
    CliLogging.configure();
    try {
      Args args = Args.parse("Evaluate", argv, FLAGS);
      String name = args.get("model", "accurate");
      OnnxClassifierConfig onnx = null;
      if (args.has("onnx-model")) {
        onnx =
            new OnnxClassifierConfig(
                name,
                Path.of(args.get("onnx-model", "")),
                Path.of(args.get("onnx-tokenizer", "tokenizer.json")),
                OnnxClassifierConfig.parseLabels(
                    args.get("onnx-labels", "negative,neutral,positive")),
                args.getInt("onnx-max-tokens", 128),
                args.getBoolean("onnx-normalize", true),
                null);
      }
      LabelledSplit split =
          LabelledSplit.read(
              Path.of(args.get("data", Train.DEFAULT_DATA)), args.get("split", "val"));
      int threads = args.getInt("intra-op-threads", Runtime.getRuntime().availableProcessors());
      long loadStart = System.nanoTime();
      try (SentimentModel model = Models.load(name, onnx, threads)) {
        System.out.printf(
            Locale.ROOT,
            "model %s version %s loaded in %.1f s%n",
            model.info().name(),
            model.info().version(),
            (System.nanoTime() - loadStart) / 1e9);
        long start = System.nanoTime();
        Evaluation eval = evaluate(model, split, args.getInt("batch-size", 64));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "split %s: %d tweets in %.1f s (%.0f tweets/s, batches of %d, %d ONNX threads)%n",
            split.name(),
            split.size(),
            seconds,
            split.size() / seconds,
            args.getInt("batch-size", 64),
            threads);
        System.out.print(eval.report());
      }
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
    }
  }

  /** Scores the split in batches of {@code batchSize} and compares with its labels. */
  public static Evaluation evaluate(SentimentModel model, LabelledSplit split, int batchSize) {
    int n = split.size();
    int[] predicted = new int[n];
    for (int from = 0; from < n; from += batchSize) {
      int to = Math.min(n, from + batchSize);
      java.util.List<Prediction> batch = model.predict(split.texts().subList(from, to));
      for (int i = from; i < to; i++) {
        predicted[i] = batch.get(i - from).label().ordinal();
      }
    }
    return Evaluation.of(split.labelArray(), predicted);
  }
}

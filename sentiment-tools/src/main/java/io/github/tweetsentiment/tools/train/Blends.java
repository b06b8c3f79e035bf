package io.github.tweetsentiment.tools.train;

import io.github.tweetsentiment.service.embedding.Encoder;
import io.github.tweetsentiment.service.embedding.SentenceEncoder;
import io.github.tweetsentiment.service.linear.HeadMetadata;
import io.github.tweetsentiment.service.mlp.MlpHead;
import io.github.tweetsentiment.service.model.EncoderModel;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an encoder model blends into its linear head's logits, each with the weight that does best
 * on validation: a perceptron trained here over pooled token vectors, and fine-tuned top layers of
 * the first encoder made elsewhere, whose weight must also keep the calibration goal. A weight of 0
 * leaves a stage out.
 */
final class Blends {

  /**
   * The perceptron chosen on validation, with what the head file needs to serve it (its layout, its
   * input's standardization and its layers) and its validation logits.
   */
  record PerceptronBlend(
      MlpChoice choice,
      HeadMetadata.MlpLayout layout,
      Map<String, float[]> arrays,
      double[][] valZ) {}

  /** The perceptron, the epoch and the blend weight that did best on validation. */
  record MlpChoice(MlpHead head, int epochs, double weight, Evaluation evaluation) {}

  /** The tuned layers' blend weight that did best on validation, and what it gave. */
  record TunedChoice(HeadMetadata.TunedLayers layers, double weight, Evaluation evaluation) {}

  private final HeadTrainer.Settings settings;
  private final TrainingFeatures features;
  private final PrintStream log;

  Blends(HeadTrainer.Settings settings, TrainingFeatures features, PrintStream log) {
    this.settings = settings;
    this.features = features;
    this.log = log;
  }

  /** Trains the perceptron of the settings and chooses its epoch and blend weight. */
  PerceptronBlend perceptron(HeadTrainer.Splits splits, double[][] headZ) {
    TrainingFeatures.Dense input = features.perceptronInput(splits);
    MlpChoice choice =
        trainMlp(
            input.train(),
            input.val(),
            splits.trainY(),
            splits.valY(),
            splits.classWeights(),
            headZ);
    if (choice.weight() == 0) {
      return new PerceptronBlend(choice, null, Map.of(), null);
    }
    HeadMetadata.MlpLayout layout =
        new HeadMetadata.MlpLayout(
            TrainingFeatures.blocks(settings.mlpEncoders(), settings.mlpPoolings()),
            settings.mlp().hidden(),
            choice.weight(),
            choice.epochs());
    Map<String, float[]> arrays = new LinkedHashMap<>(input.arrays());
    arrays.putAll(new java.util.TreeMap<>(choice.head().toArrays()));
    return new PerceptronBlend(choice, layout, arrays, mlpLogits(choice.head(), input.val()));
  }

  private MlpChoice trainMlp(
      float[][] trainDense,
      float[][] valDense,
      int[] trainY,
      int[] valY,
      double[] classWeights,
      double[][] linearZ) {
    MlpChoice[] best = {
      new MlpChoice(null, 0, 0, Evaluation.of(valY, HeadTrainer.argmax(linearZ)))
    };
    try (MlpTrainer trainer =
        new MlpTrainer(trainDense, trainY, HeadTrainer.CLASSES, classWeights, settings.threads())) {
      long start = System.nanoTime();
      trainer.fit(
          settings.mlp(),
          (epoch, loss, head) -> {
            double[][] mlpZ = mlpLogits(head, valDense);
            StringBuilder line = new StringBuilder();
            for (double w : settings.mlpWeights()) {
              Evaluation e = Evaluation.of(valY, HeadTrainer.argmax(blend(linearZ, mlpZ, w)));
              line.append(
                  String.format(java.util.Locale.ROOT, " w %.2f: %.4f", w, e.macroRecall()));
              if (e.macroRecall() > best[0].evaluation().macroRecall()) {
                best[0] = new MlpChoice(head, epoch, w, e);
              }
            }
            log.printf(
                "  mlp epoch %d (%.0f s), train loss %.4f, validation macro-recall by blend"
                    + " weight:%s%n",
                epoch, (System.nanoTime() - start) / 1e9, loss, line);
            return true;
          });
    }
    log.printf(
        "perceptron: epoch %d, blend weight %.2f, validation macro-recall %.4f%n",
        best[0].epochs(), best[0].weight(), best[0].evaluation().macroRecall());
    return best[0];
  }

  private static double[][] mlpLogits(MlpHead head, float[][] dense) {
    double[][] out = new double[dense.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = head.logits(dense[i]);
    }
    return out;
  }

  TunedChoice chooseTuned(List<String> valTexts, int[] valY, double[][] headZ) {
    HeadTrainer.TunedTop spec = settings.tuned();
    Encoder encoder = settings.encoders().get(0);
    byte[] model;
    try {
      model = Files.readAllBytes(spec.file());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tuned top " + spec.file(), e);
    }
    double[][] tunedZ;
    long start = System.nanoTime();
    try (SentenceEncoder e =
        SentenceEncoder.load(encoder, 1, new SentenceEncoder.Tap(spec.fromLayer(), model))) {
      tunedZ = tunedLogits(e, valTexts);
    }
    log.printf(
        "tuned top %s: validation macro-recall alone %.4f (%.0f s)%n",
        spec.file(),
        Evaluation.of(valY, HeadTrainer.argmax(tunedZ)).macroRecall(),
        (System.nanoTime() - start) / 1e9);
    // Without the tuned top the head is what it is; a weight must not make calibration worse
    // than the goal, since the blend weight moves the ECE more than the macro-recall.
    double bestWeight = 0;
    Evaluation bestEval = Evaluation.of(valY, HeadTrainer.argmax(headZ));
    StringBuilder line = new StringBuilder();
    for (double w : spec.weights()) {
      double[][] z = blend(headZ, tunedZ, w);
      Evaluation e = Evaluation.of(valY, HeadTrainer.argmax(z));
      double ece = CalibrationReport.calibratedEce(z, valY, CalibrationReport.DEFAULT_SEED);
      boolean calibrated = ece <= spec.maxEce();
      line.append(
          String.format(
              java.util.Locale.ROOT,
              "%n  w %.2f: %.4f, ECE %.4f%s",
              w,
              e.macroRecall(),
              ece,
              calibrated ? "" : " (over the goal)"));
      if (calibrated && e.macroRecall() > bestEval.macroRecall()) {
        bestWeight = w;
        bestEval = e;
      }
    }
    log.printf(
        "tuned top, validation macro-recall and calibrated ECE by blend weight (goal %.3f):%s%n",
        spec.maxEce(), line);
    log.printf(
        "tuned top: blend weight %.2f, validation macro-recall %.4f%n",
        bestWeight, bestEval.macroRecall());
    HeadMetadata.TunedLayers layers =
        new HeadMetadata.TunedLayers(
            encoder.id(),
            spec.fromLayer(),
            EncoderModel.tunedTopFile(settings.model()),
            EncoderModel.sha256(model),
            bestWeight,
            spec.note());
    return new TunedChoice(layers, bestWeight, bestEval);
  }

  /** The tuned top's logits of every text, in two parallel halves (the encoder is thread-safe). */
  private double[][] tunedLogits(SentenceEncoder encoder, List<String> texts) {
    int threads = Math.max(1, settings.threads());
    int slice = (texts.size() + threads - 1) / threads;
    List<List<String>> slices = new ArrayList<>();
    for (int from = 0; from < texts.size(); from += slice) {
      slices.add(texts.subList(from, Math.min(texts.size(), from + slice)));
    }
    return slices.parallelStream()
        .map(s -> encoder.encodeTuned(s).tunedLogits())
        .flatMap(java.util.Arrays::stream)
        .toArray(double[][]::new);
  }

  /** The blend the service computes ({@link EncoderModel#blendInPlace}), row by row, on copies. */
  static double[][] blend(double[][] head, double[][] other, double w) {
    double[][] out = new double[head.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = head[i].clone();
      EncoderModel.blendInPlace(out[i], other[i], w);
    }
    return out;
  }
}

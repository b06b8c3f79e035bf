package io.github.tweetsentiment.tools;

import io.github.tweetsentiment.core.SentimentLabel;
import io.github.tweetsentiment.service.embedding.SentenceEncoder;
import io.github.tweetsentiment.service.linear.HeadFile;
import io.github.tweetsentiment.service.linear.HeadMetadata;
import io.github.tweetsentiment.service.model.EncoderModel;
import io.github.tweetsentiment.service.model.FastModel;
import io.github.tweetsentiment.service.model.LogitModel;
import io.github.tweetsentiment.tools.train.CalibrationReport;
import io.github.tweetsentiment.tools.train.LabelledSplit;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Calibrates a trained head on the validation split and writes the calibration into it: the
 * temperature per predicted label, the expected calibration error before and after (cross-fitted),
 * and the share correction the pipeline uses for per-window class shares. Also prints the mean
 * absolute error of every share estimator over simulated windows.
 *
 * <pre>
 * java -cp sentiment-service/target/sentiment-service.jar:sentiment-tools/target/sentiment-tools.jar \
 *     io.github.tweetsentiment.tools.Calibrate --model=accurate
 * </pre>
 *
 * <p>{@code --help} lists the flags.
 */
@Command(
    name = "Calibrate",
    description =
        "Fits the temperatures and the share correction of a trained head on the validation"
            + " split, prints ECE and share errors, and writes both into the head.")
public final class Calibrate extends ToolCommand {

  @Option(names = "--model", required = true, description = "fast, accurate or best")
  String name;

  @Mixin DataOption data;

  @Option(
      names = "--head",
      paramLabel = "FILE",
      description = "the head file to calibrate, rewritten in place (default: the committed one)")
  Path headFile;

  @Option(
      names = "--windows",
      defaultValue = "4000",
      description = "simulated windows per scenario (default: ${DEFAULT-VALUE})")
  int windows;

  @Option(names = "--seed", defaultValue = "" + CalibrationReport.DEFAULT_SEED)
  long seed;

  @Option(
      names = "--write",
      defaultValue = "true",
      arity = "1",
      description = "write the calibration into the head (default: ${DEFAULT-VALUE})")
  boolean writeHead;

  @Option(names = "--threads", description = "scoring threads (default: all cores)")
  Integer threadCount;

  /** The last run's report, for tests. */
  CalibrationReport report;

  public static void main(String[] argv) {
    System.exit(CliLogging.execute(new Calibrate(), argv));
  }

  @Override
  public Integer call() {
    report = run();
    return 0;
  }

  private CalibrationReport run() {
    String resource =
        name.equals(FastModel.NAME) ? FastModel.RESOURCE : EncoderModel.resource(name);
    Path head = headFile != null ? headFile : Path.of(Train.RESOURCE_ROOT + resource);
    HeadFile.Contents contents;
    try (InputStream in = Files.newInputStream(head)) {
      contents = HeadFile.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read head file " + head, e);
    }
    // Fit on raw logits, whatever calibration the file had.
    HeadMetadata raw = contents.metadata().withCalibration(null);
    HeadFile.Contents uncalibrated = new HeadFile.Contents(raw, contents.head(), contents.arrays());
    LabelledSplit val = data.split("val");
    int threads = threadCount != null ? threadCount : Runtime.getRuntime().availableProcessors();
    double[][] logits;
    try (LogitModel model = load(name, uncalibrated, head)) {
      logits = logits(model, val.texts(), threads);
    }
    CalibrationReport report = CalibrationReport.run(logits, val.labelArray(), windows, seed);
    System.out.printf(Locale.ROOT, "model %s (%s), %d validation tweets%n", name, head, val.size());
    System.out.print(report.report());
    if (writeHead) {
      Map<String, Double> temperatures = new LinkedHashMap<>();
      for (SentimentLabel label : SentimentLabel.values()) {
        temperatures.put(label.wireName(), round(report.temperatures()[label.ordinal()]));
      }
      HeadMetadata.Calibration calibration =
          new HeadMetadata.Calibration(
              temperatures,
              round(report.eceBefore()),
              round(report.eceAfter()),
              report.correction());
      HeadMetadata calibrated = raw.withCalibration(calibration);
      String version =
          HeadFile.version(
              calibrated.trainedAt(),
              contents.head(),
              contents.arrays(),
              calibration,
              calibrated.tuned());
      calibrated = calibrated.with(version, calibrated.validation());
      write(head, calibrated, contents);
      System.out.printf(Locale.ROOT, "wrote %s version %s%n", head, version);
    }
    return report;
  }

  private static LogitModel load(String name, HeadFile.Contents contents, Path head) {
    if (name.equals(FastModel.NAME)) {
      return new FastModel(contents);
    }
    return new EncoderModel(
        name,
        contents,
        (e, tap) -> SentenceEncoder.load(e, 1, tap),
        file -> Train.readBeside(head, file));
  }

  /** Logits of every text, in parallel slices (the models are thread-safe). */
  private static double[][] logits(LogitModel model, List<String> texts, int threads) {
    double[][] out = new double[texts.size()][];
    int slice = (texts.size() + threads - 1) / threads;
    List<Thread> workers = new ArrayList<>();
    List<RuntimeException> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < threads; t++) {
      int from = Math.min(texts.size(), t * slice);
      int to = Math.min(texts.size(), from + slice);
      Thread worker =
          new Thread(
              () -> {
                try {
                  double[][] z = model.logits(texts.subList(from, to));
                  System.arraycopy(z, 0, out, from, to - from);
                } catch (RuntimeException e) {
                  failures.add(e);
                }
              });
      worker.start();
      workers.add(worker);
    }
    for (Thread worker : workers) {
      try {
        worker.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while scoring", e);
      }
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }

  private static void write(Path out, HeadMetadata metadata, HeadFile.Contents contents) {
    try {
      Path dir = out.toAbsolutePath().getParent();
      Path tmp = Files.createTempFile(dir, "head-", ".tmp");
      Files.write(tmp, HeadFile.toBytes(metadata, contents.head(), contents.arrays()));
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out, e);
    }
  }
}

package io.github.tweetsentiment.service.cli;

import io.github.tweetsentiment.service.embedding.SentenceEncoder;
import io.github.tweetsentiment.service.linear.HeadFile;
import io.github.tweetsentiment.service.linear.HeadMetadata;
import io.github.tweetsentiment.service.model.EncoderModel;
import io.github.tweetsentiment.service.model.FastModel;
import io.github.tweetsentiment.service.model.LogitModel;
import io.github.tweetsentiment.service.train.CalibrationReport;
import io.github.tweetsentiment.service.train.LabelledSplit;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Calibrates a trained head on the validation split and writes the calibration into it: the
 * temperature, the expected calibration error before and after (cross-fitted), and the share
 * correction the pipeline uses for per-window class shares. Also prints the mean absolute error of
 * every share estimator over simulated windows.
 *
 * <pre>
 * java -cp sentiment-service/target/sentiment-service.jar \
 *     io.github.tweetsentiment.service.cli.Calibrate --model accurate
 * </pre>
 *
 * <p>Flags: {@code --model fast|accurate|best} (required), {@code --data DIR}, {@code --head FILE}
 * (default: the model's resource under {@code sentiment-service/src/main/resources}, rewritten in
 * place), {@code --windows N} (simulated windows per scenario, default 4000), {@code --seed N}
 * (default 15), {@code --write true|false} (default true), {@code --threads N}.
 */
public final class Calibrate {

  static final Set<String> FLAGS =
      Set.of("model", "data", "head", "windows", "seed", "write", "threads");

  private Calibrate() {}

  public static void main(String[] argv) {
    CliLogging.configure();
    try {
      run(Args.parse("Calibrate", argv, FLAGS));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
    }
  }

  static CalibrationReport run(Args args) {
    String name = args.get("model", "");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("Calibrate: --model fast|accurate|best is required");
    }
    String resource =
        name.equals(FastModel.NAME) ? FastModel.RESOURCE : EncoderModel.resource(name);
    Path head = Path.of(args.get("head", Train.RESOURCE_ROOT + resource));
    HeadFile.Contents contents;
    try (InputStream in = Files.newInputStream(head)) {
      contents = HeadFile.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read head file " + head, e);
    }
    // Fit on raw logits, whatever calibration the file had.
    HeadMetadata raw = contents.metadata().withCalibration(null);
    HeadFile.Contents uncalibrated = new HeadFile.Contents(raw, contents.head(), contents.arrays());
    LabelledSplit val = LabelledSplit.read(Path.of(args.get("data", Train.DEFAULT_DATA)), "val");
    int threads = args.getInt("threads", Runtime.getRuntime().availableProcessors());
    double[][] logits;
    try (LogitModel model = load(name, uncalibrated, threads)) {
      logits = logits(model, val.texts(), threads);
    }
    CalibrationReport report =
        CalibrationReport.run(
            logits, val.labelArray(), args.getInt("windows", 4000), args.getInt("seed", 15));
    System.out.printf(Locale.ROOT, "model %s (%s), %d validation tweets%n", name, head, val.size());
    System.out.print(report.report());
    if (args.getBoolean("write", true)) {
      HeadMetadata.Calibration calibration =
          new HeadMetadata.Calibration(
              round(report.temperature()),
              round(report.eceBefore()),
              round(report.eceAfter()),
              report.correction());
      HeadMetadata calibrated = raw.withCalibration(calibration);
      String version =
          HeadFile.version(
              calibrated.trainedAt(),
              contents.head(),
              contents.arrays(),
              calibration.temperature());
      calibrated = calibrated.with(version, calibrated.validation());
      write(head, calibrated, contents);
      System.out.printf(Locale.ROOT, "wrote %s version %s%n", head, version);
    }
    return report;
  }

  private static LogitModel load(String name, HeadFile.Contents contents, int threads) {
    if (name.equals(FastModel.NAME)) {
      return new FastModel(contents.metadata(), contents.head());
    }
    return new EncoderModel(name, contents, e -> SentenceEncoder.load(e, 1));
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

package io.github.tweetsentiment.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tweetsentiment.core.SentimentLabel;
import io.github.tweetsentiment.service.embedding.SentenceEncoder;
import io.github.tweetsentiment.service.linear.HeadFile;
import io.github.tweetsentiment.service.linear.HeadMetadata;
import io.github.tweetsentiment.service.model.EncoderModel;
import io.github.tweetsentiment.service.model.FastModel;
import io.github.tweetsentiment.tools.train.HeadTrainer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The train command end to end on a small synthetic split in TweetEval's layout. */
class TrainTest {

  /** The true labels of {@link #writeUnseenWordsVal}'s tweets. */
  private static final String[] UNSEEN_WORDS_LABELS = {"0", "0", "1", "1", "2", "2"};

  @TempDir Path dir;

  @Test
  void train_fast_writesAHeadThatServesAndReportsItsValidationFigures() throws IOException {
    writeSplit("train", 60);
    writeSplit("val", 15);
    Path out = dir.resolve("fast.tslr.gz");

    Train train = new Train();
    int status = trainFast(train, out, "--l2", "1e-2,1e-3");
    HeadTrainer.Result result = train.result;

    assertThat(status).isZero();
    assertThat(result.validation().macroRecall()).isEqualTo(1.0);
    HeadFile.Contents contents = readHead(out);
    assertThat(contents.metadata().version()).isEqualTo(result.metadata().version());
    assertThat(contents.metadata().trainingExamples()).isEqualTo(60);
    assertThat(contents.metadata().validation().get("macro_recall")).isEqualTo(1.0);
    assertThat(contents.metadata().features().ngrams().hashBits()).isEqualTo(12);
    assertThat(contents.metadata().features().lexicon()).isEqualTo("vader");
    assertThat(contents.head().dimension()).isEqualTo(12 + 4096);
    assertThat(contents.arrays()).containsKeys("lexicon_mean", "lexicon_inv_std");
    try (FastModel model = new FastModel(contents)) {
      assertThat(model.predict(List.of("what a happy lovely day")).get(0).label())
          .isEqualTo(SentimentLabel.POSITIVE);
      assertThat(model.predict(List.of("awful terrible sad day")).get(0).label())
          .isEqualTo(SentimentLabel.NEGATIVE);
    }
  }

  @Test
  void train_withoutLexicon_writesTheNgramOnlyHeadOfBefore() throws IOException {
    writeSplit("train", 60);
    writeSplit("val", 15);
    Path out = dir.resolve("fast.tslr.gz");

    int status = trainFast(new Train(), out, "--l2", "1e-2", "--lexicon", "none");

    assertThat(status).isZero();
    HeadFile.Contents contents = readHead(out);
    assertThat(contents.metadata().features().lexicon()).isNull();
    assertThat(contents.head().dimension()).isEqualTo(4096);
    assertThat(contents.arrays()).doesNotContainKey("lexicon_mean");
    try (FastModel model = new FastModel(contents)) {
      assertThat(model.predict(List.of("what a happy lovely day")).get(0).label())
          .isEqualTo(SentimentLabel.POSITIVE);
    }
  }

  @Test
  void train_withNaiveBayesNgrams_writesAPlainHeadThatServesAndSaysHowItWasFitted()
      throws IOException {
    writeSplit("train", 60);
    writeSplit("val", 15);
    Path plain = dir.resolve("plain.tslr.gz");
    Path weighted = dir.resolve("nb.tslr.gz");

    assertThat(trainFast(new Train(), plain, "--l2", "1e-2")).isZero();
    assertThat(trainFast(new Train(), weighted, "--l2", "1e-2", "--ngramWeights", "nb")).isZero();

    HeadFile.Contents p = readHead(plain);
    HeadFile.Contents nb = readHead(weighted);
    assertThat(nb.metadata().features()).isEqualTo(p.metadata().features());
    assertThat(nb.metadata().trainingData()).contains("naive-Bayes");
    assertThat(p.metadata().trainingData()).doesNotContain("naive-Bayes");
    assertThat(nb.head().weights()).isNotEqualTo(p.head().weights());
    try (FastModel model = new FastModel(nb)) {
      assertThat(model.predict(List.of("awful terrible sad day")).get(0).label())
          .isEqualTo(SentimentLabel.NEGATIVE);
    }
    Run run = runWithErrors("--model", "fast", "--data", dir.toString(), "--ngramWeights", "tfidf");
    assertThat(run.status()).isNotZero();
    assertThat(run.err()).contains("--ngramWeights must be nb or none, got tfidf");
  }

  @Test
  void train_accurate_blendsInTheTunedLayersAndShipsThemBesideTheHead() throws IOException {
    Path out = dir.resolve("heads").resolve("accurate.tslr.gz");
    Path top = dir.resolve("tuned.onnx");

    Train train = new Train();
    // Six validation tweets say nothing about calibration: no ECE goal here (see below for one).
    int status = trainWithTunedTopAtHalf(train, out, top, "1", UNSEEN_WORDS_LABELS);

    assertThat(status).isZero();
    HeadMetadata.TunedLayers tuned = readHead(out).metadata().tuned();
    assertThat(tuned).isNotNull();
    assertThat(tuned.weight()).isEqualTo(0.5);
    assertThat(tuned.fromLayer()).isEqualTo(5);
    assertThat(tuned.file()).isEqualTo("accurate-top.onnx");
    byte[] shipped = Files.readAllBytes(out.resolveSibling("accurate-top.onnx"));
    assertThat(shipped).isEqualTo(Files.readAllBytes(top));
    assertThat(tuned.sha256()).isEqualTo(EncoderModel.sha256(shipped));
    // Alone, the near-constant head gets one class in three right.
    assertThat(train.result.validation().macroRecall()).isGreaterThan(0.6);
    try (EncoderModel model =
        new EncoderModel(
            "accurate",
            readHead(out),
            (e, tap) -> SentenceEncoder.load(e, 1, tap),
            file -> Train.readBeside(out, file))) {
      assertThat(model.predict(List.of("what a wonderful, fantastic evening")).get(0).label())
          .isEqualTo(SentimentLabel.POSITIVE);
    }
  }

  @Test
  void train_accurate_aBlendOverTheEceGoal_leavesTheTunedLayersOut() throws IOException {
    Path out = dir.resolve("accurate.tslr.gz");

    // The same run as above, whose blend at 0.5 wins on macro-recall, with a goal no blend meets:
    // one validation tweet carries the wrong label, so no temperature makes the confidence match
    // the accuracy (a blend right on all six would be perfectly calibrated at a tiny temperature).
    int status =
        trainWithTunedTopAtHalf(
            new Train(), out, dir.resolve("tuned.onnx"), "0.001", "0", "0", "1", "1", "2", "0");

    assertWroteNoTunedLayers(status, out);
  }

  @Test
  void train_accurate_withoutTunedLayers_writesNoneAndCopiesNothing() throws IOException {
    writeSplit("train", 30);
    writeUnseenWordsVal();
    Path out = dir.resolve("accurate.tslr.gz");

    int status = trainAccurate(new Train(), out, "--tunedTop", "none");

    assertWroteNoTunedLayers(status, out);
  }

  /** The run succeeded, and the head names no tuned layers and has none beside it. */
  private static void assertWroteNoTunedLayers(int status, Path out) throws IOException {
    assertThat(status).isZero();
    assertThat(readHead(out).metadata().tuned()).isNull();
    assertThat(out.resolveSibling("accurate-top.onnx")).doesNotExist();
  }

  @Test
  void train_accurate_missingTunedTop_isAClearError() throws IOException {
    writeSplit("train", 30);
    writeUnseenWordsVal();
    Run run =
        runWithErrors(
            accurateArgs(
                    dir.resolve("a.tslr.gz"), "--tunedTop", dir.resolve("gone.onnx").toString())
                .toArray(String[]::new));
    assertThat(run.status()).isNotZero();
    assertThat(run.err()).contains("cannot read the tuned top").contains("gone.onnx");
  }

  @Test
  void train_tunedWeightsOutsideZeroToOne_isAClearError() {
    assertRefused(
        "accurate", "--tunedWeights", "0.5,1.5", "tuned-top blend weights must be in [0, 1]");
  }

  @Test
  void train_tunedMaxEceNotPositive_isAClearError() {
    assertRefused("accurate", "--tunedMaxEce", "0", "tuned-top ECE goal must be positive: 0.0");
  }

  /**
   * Trains {@code accurate} with its bias-only head on the split in {@link #dir}, blending in the
   * committed tuned layers (copied to {@code top}) at weight 0.5 under the ECE goal {@code maxEce},
   * with the unseen-words validation tweets labelled {@code valLabels}.
   */
  private int trainWithTunedTopAtHalf(
      Train train, Path out, Path top, String maxEce, String... valLabels) throws IOException {
    writeSplit("train", 30);
    writeUnseenWordsVal();
    Files.write(dir.resolve("val_labels.txt"), List.of(valLabels));
    Files.write(top, committedTunedTop());
    return trainAccurate(
        train, out, "--tunedTop", top.toString(), "--tunedWeights", "0.5", "--tunedMaxEce", maxEce);
  }

  private int trainAccurate(Train train, Path out, String... flags) {
    return CliLogging.commandLine(train).execute(accurateArgs(out, flags).toArray(String[]::new));
  }

  private List<String> accurateArgs(Path out, String... flags) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--model", "accurate",
                "--data", dir.toString(),
                "--out", out.toString(),
                "--l2", "1e-2",
                // No n-grams, no lexicon, the embedding scaled to nothing: the linear head is its
                // bias alone, so only the tuned layers can get the validation tweets right.
                "--embeddingWeight", "0",
                "--ngrams", "false",
                "--lexicon", "none",
                "--mlpHidden", "0",
                "--cacheDir", dir.resolve("cache").toString(),
                "--threads", "1"));
    args.addAll(List.of(flags));
    return args;
  }

  private static byte[] committedTunedTop() throws IOException {
    String name =
        EncoderModel.resource("accurate")
            .replace("accurate.tslr.gz", EncoderModel.tunedTopFile("accurate"));
    try (InputStream in = EncoderModel.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }

  /** Validation tweets whose words never occur in the train split. */
  private void writeUnseenWordsVal() throws IOException {
    List<String> texts =
        List.of(
            "this is horrible and disgusting, i am furious",
            "what a miserable, dreadful mess",
            "the bus to the airport leaves at noon",
            "the committee publishes its minutes on friday",
            "what a wonderful, fantastic evening",
            "absolutely delighted, thank you so much");
    Files.write(dir.resolve("val_text.txt"), texts);
    Files.write(dir.resolve("val_labels.txt"), List.of(UNSEEN_WORDS_LABELS));
  }

  @Test
  void train_unknownLexicon_isAClearError() {
    assertRefused("fast", "--lexicon", "afinn", "unknown lexicon 'afinn'");
  }

  /** {@code --model=model flag=value} on a small split fails, saying {@code error}. */
  private void assertRefused(String model, String flag, String value, String error) {
    writeSplitQuietly();
    Run run = runWithErrors("--model", model, "--data", dir.toString(), flag, value);
    assertThat(run.status()).isNotZero();
    assertThat(run.err()).contains(error);
  }

  private void writeSplitQuietly() {
    try {
      writeSplit("train", 6);
      writeSplit("val", 3);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void train_withoutModel_saysWhatIsRequired() {
    Run run = runWithErrors();
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required option: '--model=<model>'");
  }

  @Test
  void train_unknownModel_isBadUsage() {
    Run run = runWithErrors("--model", "huge", "--data", dir.toString());
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("--model must be fast, accurate or best, got 'huge'");
  }

  /** A run's exit status and what it wrote to standard error. */
  private record Run(int status, String err) {}

  private static Run runWithErrors(String... args) {
    java.io.StringWriter err = new java.io.StringWriter();
    int status =
        CliLogging.commandLine(new Train()).setErr(new java.io.PrintWriter(err)).execute(args);
    return new Run(status, err.toString());
  }

  /**
   * Trains {@code fast} on the split in {@link #dir} into {@code out}: small and single-threaded.
   */
  private int trainFast(Train train, Path out, String... flags) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--model",
                "fast",
                "--data",
                dir.toString(),
                "--out",
                out.toString(),
                "--hashBits",
                "12",
                "--threads",
                "1"));
    args.addAll(List.of(flags));
    return CliLogging.commandLine(train).execute(args.toArray(String[]::new));
  }

  private static HeadFile.Contents readHead(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return HeadFile.read(in);
    }
  }

  /** Three unmistakable classes: negative, neutral and positive words. */
  private void writeSplit(String split, int n) throws IOException {
    String[][] words = {
      {"awful", "terrible", "sad", "hate", "worst"},
      {"meeting", "tuesday", "report", "schedule", "room"},
      {"happy", "lovely", "great", "love", "best"}
    };
    List<String> texts = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int label = i % 3;
      String[] w = words[label];
      texts.add(w[i % 5] + " " + w[(i + 2) % 5] + " day @someone");
      labels.add(Integer.toString(label));
    }
    Files.write(dir.resolve(split + "_text.txt"), texts);
    Files.write(dir.resolve(split + "_labels.txt"), labels);
  }
}

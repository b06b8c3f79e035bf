package io.github.tweetsentiment.service.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One labelled split in TweetEval's layout: {@code <split>_text.txt} and {@code
 * <split>_labels.txt}, one tweet and one label (0 negative, 1 neutral, 2 positive) per line.
 */
public record LabelledSplit(String name, List<String> texts, List<Integer> labels) {

  public LabelledSplit {
    texts = List.copyOf(texts);
    labels = List.copyOf(labels);
    if (texts.size() != labels.size()) {
      throw new IllegalArgumentException(
          "split '" + name + "' has " + texts.size() + " texts but " + labels.size() + " labels");
    }
  }

  /**
   * Reads {@code <dir>/<split>_text.txt} and {@code <dir>/<split>_labels.txt}.
   *
   * @throws IllegalArgumentException naming the file and line when a file is missing, the line
   *     counts differ or a label is not 0, 1 or 2
   */
  public static LabelledSplit read(Path dir, String split) {
    Path textFile = dir.resolve(split + "_text.txt");
    Path labelFile = dir.resolve(split + "_labels.txt");
    for (Path file : List.of(textFile, labelFile)) {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(
            "no file "
                + file.toAbsolutePath()
                + ": --data must be a directory in TweetEval's layout (<split>_text.txt and"
                + " <split>_labels.txt)");
      }
    }
    try {
      List<String> texts = Files.readAllLines(textFile, StandardCharsets.UTF_8);
      List<String> rawLabels = Files.readAllLines(labelFile, StandardCharsets.UTF_8);
      if (texts.size() != rawLabels.size()) {
        throw new IllegalArgumentException(
            textFile
                + " has "
                + texts.size()
                + " lines but "
                + labelFile
                + " has "
                + rawLabels.size());
      }
      Integer[] labels = new Integer[rawLabels.size()];
      for (int i = 0; i < labels.length; i++) {
        String raw = rawLabels.get(i).strip();
        if (!raw.equals("0") && !raw.equals("1") && !raw.equals("2")) {
          throw new IllegalArgumentException(
              labelFile + " line " + (i + 1) + ": expected 0, 1 or 2, got '" + raw + "'");
        }
        labels[i] = Integer.parseInt(raw);
      }
      return new LabelledSplit(split, texts, List.of(labels));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read split '" + split + "' from " + dir, e);
    }
  }

  public int size() {
    return texts.size();
  }

  /** The labels as an array, for the numeric code. */
  public int[] labelArray() {
    return labels.stream().mapToInt(Integer::intValue).toArray();
  }
}

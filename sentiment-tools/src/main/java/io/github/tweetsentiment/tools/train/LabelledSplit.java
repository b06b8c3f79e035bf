package io.github.tweetsentiment.tools.train;

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

  /**
   * Reads Sentiment140's manually labelled test set ({@code testdata.manual.2009.06.14.csv}): one
   * tweet per line, six quoted CSV fields (polarity 0, 2 or 4; id; date; query; user; text), for
   * out-of-sample reporting only. Polarity 0 is negative, 2 neutral, 4 positive.
   *
   * @throws IllegalArgumentException naming the file and line when it is missing or a line is not
   *     six fields with a known polarity
   */
  public static LabelledSplit readSentiment140(Path csv) {
    if (!Files.isRegularFile(csv)) {
      throw new IllegalArgumentException(
          "no file "
              + csv.toAbsolutePath()
              + ": give the Sentiment140 test CSV (../shared/datasets/sentiment140-test/"
              + "testdata.manual.2009.06.14.csv)");
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(csv, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + csv, e);
    }
    java.util.ArrayList<String> texts = new java.util.ArrayList<>();
    java.util.ArrayList<Integer> labels = new java.util.ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      List<String> fields = csvFields(lines.get(i));
      if (fields.size() != 6) {
        throw new IllegalArgumentException(
            csv + " line " + (i + 1) + ": expected 6 fields, got " + fields.size());
      }
      int label =
          switch (fields.get(0)) {
            case "0" -> 0;
            case "2" -> 1;
            case "4" -> 2;
            default ->
                throw new IllegalArgumentException(
                    csv
                        + " line "
                        + (i + 1)
                        + ": polarity must be 0, 2 or 4, got "
                        + fields.get(0));
          };
      texts.add(fields.get(5));
      labels.add(label);
    }
    return new LabelledSplit("sentiment140", texts, labels);
  }

  /** The fields of one CSV line: quoted with {@code "}, a doubled quote inside standing for one. */
  static List<String> csvFields(String line) {
    java.util.ArrayList<String> fields = new java.util.ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }

  public int size() {
    return texts.size();
  }

  /** The labels as an array, for the numeric code. */
  public int[] labelArray() {
    return labels.stream().mapToInt(Integer::intValue).toArray();
  }
}

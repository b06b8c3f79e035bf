package io.github.tweetsentiment.tools.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledSplitTest {

  @TempDir Path dir;

  @Test
  void read_pairsTextsWithLabels() throws IOException {
    Files.writeString(dir.resolve("val_text.txt"), "bad day\nok\ngreat!\n");
    Files.writeString(dir.resolve("val_labels.txt"), "0\n1\n2\n");
    LabelledSplit split = LabelledSplit.read(dir, "val");
    assertThat(split.texts()).containsExactly("bad day", "ok", "great!");
    assertThat(split.labelArray()).containsExactly(0, 1, 2);
  }

  @Test
  void read_missingFile_saysWhatLayoutIsExpected() {
    assertThatThrownBy(() -> LabelledSplit.read(dir, "train"))
        .hasMessageContaining("train_text.txt")
        .hasMessageContaining("TweetEval's layout");
  }

  @Test
  void read_lineCountMismatch_isAnError() throws IOException {
    Files.writeString(dir.resolve("val_text.txt"), "a\nb\n");
    Files.writeString(dir.resolve("val_labels.txt"), "0\n");
    assertThatThrownBy(() -> LabelledSplit.read(dir, "val")).hasMessageContaining("2 lines");
  }

  @Test
  void read_badLabel_namesTheLine() throws IOException {
    Files.writeString(dir.resolve("val_text.txt"), "a\nb\n");
    Files.writeString(dir.resolve("val_labels.txt"), "0\npositive\n");
    assertThatThrownBy(() -> LabelledSplit.read(dir, "val"))
        .hasMessageContaining("line 2")
        .hasMessageContaining("'positive'");
  }

  @Test
  void readSentiment140_mapsPolarities_andKeepsQuotedCommasAndQuotes() throws IOException {
    Path csv = dir.resolve("s140.csv");
    Files.writeString(
        csv,
        "\"4\",\"3\",\"Mon May 11 03:17:40 UTC 2009\",\"kindle2\",\"a\",\"love it, really\"\n"
            + "\"0\",\"4\",\"Mon May 11\",\"q\",\"b\",\"the \"\"new\"\" one broke\"\n"
            + "\"2\",\"5\",\"Mon May 11\",\"q\",\"c\",\"at the store\"\n");

    LabelledSplit split = LabelledSplit.readSentiment140(csv);

    assertThat(split.name()).isEqualTo("sentiment140");
    assertThat(split.texts())
        .containsExactly("love it, really", "the \"new\" one broke", "at the store");
    assertThat(split.labelArray()).containsExactly(2, 0, 1);
  }

  @Test
  void readSentiment140_badPolarityOrMissingFile_saysWhere() throws IOException {
    Path csv = dir.resolve("s140.csv");
    Files.writeString(
        csv, "\"4\",\"1\",\"d\",\"q\",\"u\",\"ok\"\n\"1\",\"2\",\"d\",\"q\",\"u\",\"x\"\n");

    assertThatThrownBy(() -> LabelledSplit.readSentiment140(csv))
        .hasMessageContaining("line 2")
        .hasMessageContaining("0, 2 or 4");
    assertThatThrownBy(() -> LabelledSplit.readSentiment140(dir.resolve("absent.csv")))
        .hasMessageContaining("sentiment140-test");
  }
}

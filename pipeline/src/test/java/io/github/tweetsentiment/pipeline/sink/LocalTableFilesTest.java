package io.github.tweetsentiment.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalTableFilesTest {

  @TempDir Path dir;

  @Test
  void wholeLines_leavesOutTheLineAWriterHasNotFinished() throws IOException {
    Files.writeString(
        dir.resolve("dead_letter-a.ndjson"), "{\"n\":1}\n{\"n\":2}\n{\"payload\":\"aaa");

    assertThat(LocalTableFiles.wholeLines(dir, "dead_letter"))
        .containsExactly("{\"n\":1}", "{\"n\":2}");
  }

  @Test
  void wholeLines_aHalfWrittenCharacterAtTheEnd_isNotAnError() throws IOException {
    byte[] snowman = "☃".getBytes(StandardCharsets.UTF_8);
    byte[] text = "{\"t\":\"☃\"}\n{\"t\":\"".getBytes(StandardCharsets.UTF_8);
    byte[] file = Arrays.copyOf(text, text.length + 1);
    file[text.length] = snowman[0];
    Files.write(dir.resolve("scored_tweets-a.ndjson"), file);

    assertThat(LocalTableFiles.wholeLines(dir, "scored_tweets")).containsExactly("{\"t\":\"☃\"}");
  }

  @Test
  void wholeLines_readsEveryFileOfTheTable_andNoOtherTable() throws IOException {
    Files.writeString(dir.resolve("scored_tweets-a.ndjson"), "a1\n\na2\n");
    Files.writeString(dir.resolve("scored_tweets-b.ndjson"), "b1\n");
    Files.writeString(dir.resolve("sentiment_windows-c.ndjson"), "w1\n");
    Files.writeString(dir.resolve("scored_tweets-d.ndjson"), "");

    assertThat(LocalTableFiles.wholeLines(dir, "scored_tweets"))
        .containsExactlyInAnyOrder("a1", "a2", "b1");
  }

  @Test
  void wholeLines_ofAFolderNotMadeYet_isEmpty() throws IOException {
    assertThat(LocalTableFiles.wholeLines(dir.resolve("not-yet"), "scored_tweets")).isEmpty();
  }

  @Test
  void aWritersFileName_matchesTheGlobReadersUse() {
    assertThat(dir.getFileSystem().getPathMatcher("glob:" + LocalTableFiles.glob("dead_letter")))
        .matches(m -> m.matches(Path.of(LocalTableFiles.fileName("dead_letter", "1a2b3c4d"))))
        .matches(m -> !m.matches(Path.of(LocalTableFiles.fileName("dead_letters", "1a2b3c4d"))));
  }
}

package io.github.tweetsentiment.pipeline.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tweetsentiment.pipeline.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.file.SeekableInput;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archive files read back as messages, and every way one can be damaged, named with its file. */
class ArchiveFileTest {

  @TempDir Path dir;

  private static String envelope(int id) {
    return Fixtures.envelope(Integer.toString(id), "tweet " + id, Duration.standardSeconds(id));
  }

  private Path fourBlocks(String name) throws IOException {
    return ArchiveFixture.write(
        dir.resolve(name), true, envelope(1), envelope(2), envelope(3), envelope(4));
  }

  private static List<String> readIds(ArchiveFile archive) throws IOException {
    List<String> ids = new ArrayList<>();
    readInto(archive, ids);
    return ids;
  }

  /** Reads every message's id into {@code ids}, until the end or an error. */
  private static void readInto(ArchiveFile archive, List<String> ids) throws IOException {
    for (RawMessage m; (m = archive.next()) != null; ) {
      ids.add(m.messageId());
    }
  }

  private static ArchiveFile open(Path f) throws IOException {
    return new ArchiveFile(f.toString(), InputFiles.openSeekable(f.toString()));
  }

  /** {@code read} fails on damage found after {@code records} records were read whole. */
  private static AbstractThrowableAssert<?, ? extends Throwable> assertCorruptAfter(
      long records, ThrowingCallable read) {
    return assertThatThrownBy(read)
        .isInstanceOfSatisfying(
            ArchiveFile.CorruptArchiveException.class,
            e -> assertThat(e.recordsRead()).isEqualTo(records));
  }

  @Test
  void aWholeFile_givesEveryMessage_andEndsCleanly() throws Exception {
    Path f = fourBlocks("whole.avro");
    try (ArchiveFile archive = open(f)) {
      assertThat(readIds(archive)).containsExactly("m-1", "m-2", "m-3", "m-4");
    }
    try (ArchiveFile archive = open(f)) {
      assertThat(archive.countRemaining()).isEqualTo(4);
    }
  }

  @Test
  void aFileWithNoRecords_isEmpty_notDamaged() throws Exception {
    Path f = ArchiveFixture.write(dir.resolve("empty.avro"), false);
    try (ArchiveFile archive = open(f)) {
      assertThat(archive.next()).isNull();
    }
  }

  @Test
  void aFileCutInsideABlock_givesTheWholeBlocks_thenSaysItWasCutShort() throws Exception {
    Path f = fourBlocks("cut.avro");
    List<Long> ends = ArchiveFixture.blockEnds(f);
    assertThat(ends).hasSize(4);
    ArchiveFixture.truncate(f, ends.get(2) - 20); // inside the third block

    List<String> ids = new ArrayList<>();
    try (ArchiveFile archive = open(f)) {
      assertCorruptAfter(2, () -> readInto(archive, ids))
          .hasMessageContaining(f.toString())
          .hasMessageContaining("ends inside a block")
          .hasMessageContaining("after record 2")
          .hasMessageContaining("Copy the file again");
    }
    assertThat(ids).containsExactly("m-1", "m-2");
    // The local backfill's estimate stops at the same place, with the same error.
    try (ArchiveFile archive = open(f)) {
      assertCorruptAfter(2, archive::countRemaining);
    }
    assertThat(ReadInputFiles.messagesIn(f.toString())).isEqualTo(2);
  }

  @Test
  void aDamagedSyncMarker_givesTheBlocksBeforeIt_thenNamesTheDamage() throws Exception {
    Path f = fourBlocks("damaged.avro");
    List<Long> ends = ArchiveFixture.blockEnds(f);
    ArchiveFixture.flipByte(f, ends.get(1) - 1); // the second block's sync marker

    List<String> ids = new ArrayList<>();
    try (ArchiveFile archive = open(f)) {
      assertCorruptAfter(1, () -> readInto(archive, ids))
          .hasMessageContaining(f.toString())
          .hasMessageContaining("is damaged after record 1")
          .hasMessageContaining("Invalid sync");
    }
    assertThat(ids).containsExactly("m-1");
  }

  @Test
  void aFileThatIsNotAvro_isRefusedBeforeAnyRecord() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.avro"), "{\"data\": {}}\n");
    Path empty = Files.write(dir.resolve("zero.avro"), new byte[0]);

    for (Path f : List.of(text, empty)) {
      assertCorruptAfter(0, () -> open(f))
          .hasMessageContaining(f.toString())
          .hasMessageContaining("is not an Avro data file");
    }
  }

  @Test
  void anAvroFileOfAnotherSchema_isNotAnArchive() throws Exception {
    Path f = ArchiveFixture.writeOther(dir.resolve("other.avro"), "data", "text, not bytes");

    try (ArchiveFile archive = open(f)) {
      assertThatThrownBy(archive::next)
          .isInstanceOf(ArchiveFile.CorruptArchiveException.class)
          .hasMessageContaining("'data' field that is not bytes");
    }
  }

  /** The file's bytes, with the connection dropping once a read reaches {@code failAt}. */
  private static SeekableInput droppingAt(byte[] bytes, long failAt) {
    SeekableByteArrayInput file = new SeekableByteArrayInput(bytes);
    return new SeekableInput() {
      @Override
      public void seek(long p) throws IOException {
        file.seek(p);
      }

      @Override
      public long tell() throws IOException {
        return file.tell();
      }

      @Override
      public long length() throws IOException {
        return file.length();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (file.tell() + len > failAt) {
          throw new IOException("connection reset");
        }
        return file.read(b, off, len);
      }

      @Override
      public void close() throws IOException {
        file.close();
      }
    };
  }

  @Test
  void anIoErrorOfTheFileItself_isNotDamage_soTheRunnerRetriesIt() throws Exception {
    String[] envelopes = new String[300];
    for (int i = 0; i < envelopes.length; i++) {
      envelopes[i] = envelope(i + 1);
    }
    Path f = ArchiveFixture.write(dir.resolve("flaky.avro"), true, envelopes);
    byte[] bytes = Files.readAllBytes(f);

    assertThatThrownBy(() -> new ArchiveFile("gs://b/flaky.avro", droppingAt(bytes, 10)))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(ArchiveFile.CorruptArchiveException.class)
        .hasRootCauseMessage("connection reset");

    // Avro reads ahead in 8 KB steps: the drop comes halfway through a file of 300 blocks.
    List<String> ids = new ArrayList<>();
    try (ArchiveFile archive =
        new ArchiveFile("gs://b/flaky.avro", droppingAt(bytes, bytes.length / 2))) {
      assertThatThrownBy(() -> readInto(archive, ids))
          .isInstanceOf(IOException.class)
          .isNotInstanceOf(ArchiveFile.CorruptArchiveException.class)
          .hasMessageContaining("reading gs://b/flaky.avro failed after record " + ids.size())
          .hasRootCauseMessage("connection reset");
    }
    assertThat(ids).hasSizeBetween(1, 299);
  }

  @Test
  void aFileInTheJar_isReadFromMemory() throws Exception {
    Path f = fourBlocks("bundled.avro");
    byte[] bytes = Files.readAllBytes(f);
    try (ArchiveFile archive =
        new ArchiveFile("classpath:x.avro", new SeekableByteArrayInput(bytes))) {
      assertThat(readIds(archive)).hasSize(4);
    }
    assertThat(new String(bytes, 0, 3, StandardCharsets.ISO_8859_1)).isEqualTo("Obj");
  }
}

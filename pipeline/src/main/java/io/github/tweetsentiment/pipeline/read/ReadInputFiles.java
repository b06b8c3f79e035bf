package io.github.tweetsentiment.pipeline.read;

import io.github.tweetsentiment.pipeline.deadletter.DeadLetter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Reads every file an {@code --input} names once, as a bounded collection: the backfill's source.
 * The same files as the replay ({@link InputFiles}), read the same way: a JSONL line is a message
 * with {@code file} and {@code line} attributes (blank lines skipped but counted), a {@code .avro}
 * file of the tweets archive gives back each Pub/Sub message it holds ({@link ArchiveFile}).
 *
 * <p>Outputs {@link #MESSAGES}, and {@link #UNREADABLE}: an archive file that is not one, or the
 * rest of one whose data is damaged or cut short, after the messages read before the damage. One
 * bad file among a day's hundreds does not fail the job; an I/O error that a retry may cure (the
 * network, a permission) still fails the bundle, which the runner retries.
 *
 * <p>The files are listed when the job runs, then spread over the workers, one file per element: a
 * day of the archive is a few hundred files of minutes each, so a backfill reads in parallel
 * without splitting a file. A file's messages leave in chunks of up to {@value #CHUNK}, spread
 * again over {@code spread} keys, so that parsing a large file is not left to one thread (on the
 * DirectRunner, a file's messages would otherwise be one bundle, parsed on one core). Few keys
 * rather than a random one per chunk: the DirectRunner copies a grouping step's state for every
 * bundle that reaches it, so a bundle per chunk made the deduplication after it quadratic (16 s of
 * a 100,000-tweet run); the keys are the runner's parallelism (the scoring shards).
 */
public final class ReadInputFiles extends PTransform<PBegin, PCollectionTuple> {

  /** The messages of the files. */
  public static final TupleTag<RawMessage> MESSAGES = new TupleTag<>() {};

  /** The files, or their remainders, that could not be read. */
  public static final TupleTag<DeadLetter> UNREADABLE = new TupleTag<>() {};

  private static final TupleTag<KV<Integer, List<RawMessage>>> CHUNKS = new TupleTag<>() {};

  /** Most messages in one chunk. */
  static final int CHUNK = 1000;

  private final String spec;
  private final int spread;

  private ReadInputFiles(String spec, int spread) {
    this.spec = spec;
    this.spread = spread;
  }

  /**
   * Every file matching {@code spec}: a file, a glob (local or {@code gs://}), classpath:path.
   *
   * @param spread how many keys the chunks of messages are spread over for parsing
   */
  public static ReadInputFiles of(String spec, int spread) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("--input must name a file, a glob or classpath:path");
    }
    if (spread < 1) {
      throw new IllegalArgumentException("the spread must be at least 1, got " + spread);
    }
    return new ReadInputFiles(spec.strip(), spread);
  }

  /**
   * How many messages the files of {@code spec} hold, counted as {@link ReadFileFn} reads them
   * (non-blank lines, archive records) but without parsing any: what a local backfill's estimate of
   * the time left goes by. Reads every file once, so meant for local files.
   */
  public static long messagesIn(String spec) throws IOException {
    long total = 0;
    for (String file : InputFiles.match(spec.strip())) {
      if (ArchiveFile.isArchive(file)) {
        try (ArchiveFile archive =
            new ArchiveFile(InputFiles.displayName(file), InputFiles.openSeekable(file))) {
          total += archive.countRemaining();
        } catch (ArchiveFile.CorruptArchiveException e) {
          total += e.recordsRead(); // The job reads as far and dead-letters the rest.
        }
        continue;
      }
      try (InputStream in = InputFiles.open(file, 0)) {
        LineReader lines = new LineReader(in, 0);
        for (byte[] line; (line = lines.next()) != null; ) {
          total += LineReader.isBlank(line) ? 0 : 1;
        }
      }
    }
    return total;
  }

  @Override
  public PCollectionTuple expand(PBegin input) {
    PCollectionTuple read =
        input
            .apply("InputPattern", Create.of(spec))
            .apply("MatchFiles", ParDo.of(new MatchFilesFn()))
            .apply("SpreadFiles", Reshuffle.viaRandomKey())
            .apply(
                "ReadChunks",
                ParDo.of(new ReadFileFn(spread))
                    .withOutputTags(CHUNKS, TupleTagList.of(UNREADABLE)));
    PCollection<RawMessage> messages =
        read.get(CHUNKS)
            .setCoder(KvCoder.of(VarIntCoder.of(), ListCoder.of(RawMessage.RawMessageCoder.of())))
            .apply("SpreadChunks", Reshuffle.of())
            .apply("SplitChunks", ParDo.of(new SplitChunksFn()))
            .setCoder(RawMessage.RawMessageCoder.of());
    return PCollectionTuple.of(MESSAGES, messages)
        .and(UNREADABLE, read.get(UNREADABLE).setCoder(DeadLetter.DeadLetterCoder.of()));
  }

  /** The files of a pattern; none is an error that names the option. */
  static final class MatchFilesFn extends DoFn<String, String> {
    @ProcessElement
    public void process(@Element String pattern, OutputReceiver<String> out) throws IOException {
      for (String file : InputFiles.match(pattern)) {
        out.output(file);
      }
    }
  }

  /** Every message of one file, in file order, in chunks; what cannot be read, as unreadable. */
  static final class ReadFileFn extends DoFn<String, KV<Integer, List<RawMessage>>> {
    private final int spread;

    ReadFileFn(int spread) {
      this.spread = spread;
    }

    @ProcessElement
    public void process(@Element String file, MultiOutputReceiver out) throws IOException {
      String name = InputFiles.displayName(file);
      // A file's chunks go round the keys, from a key of its own.
      Chunks chunks = new Chunks(out.get(CHUNKS), Math.floorMod(file.hashCode(), spread), spread);
      if (ArchiveFile.isArchive(file)) {
        try (ArchiveFile archive = new ArchiveFile(name, InputFiles.openSeekable(file))) {
          for (RawMessage m; (m = archive.next()) != null; ) {
            chunks.add(m);
          }
        } catch (ArchiveFile.CorruptArchiveException e) {
          out.get(UNREADABLE).output(unreadable(name, e));
        }
      } else {
        try (InputStream in = InputFiles.open(file, 0)) {
          LineReader lines = new LineReader(in, 0);
          long number = 0;
          for (byte[] line; (line = lines.next()) != null; ) {
            number++;
            if (!LineReader.isBlank(line)) {
              String text = new String(line, StandardCharsets.UTF_8);
              chunks.add(RawMessage.fromRecording(text, name, number));
            }
          }
        }
      }
      chunks.flush();
    }

    private static DeadLetter unreadable(String name, ArchiveFile.CorruptArchiveException e) {
      return DeadLetter.unreadableFile(name, e.recordsRead(), e);
    }
  }

  /** Fills chunks of {@value #CHUNK} messages and outputs each under the next key. */
  private static final class Chunks {
    private final DoFn.OutputReceiver<KV<Integer, List<RawMessage>>> out;
    private final int spread;
    private int key;
    private List<RawMessage> chunk = new ArrayList<>(CHUNK);

    Chunks(DoFn.OutputReceiver<KV<Integer, List<RawMessage>>> out, int firstKey, int spread) {
      this.out = out;
      this.key = firstKey;
      this.spread = spread;
    }

    void add(RawMessage m) {
      chunk.add(m);
      if (chunk.size() >= CHUNK) {
        flush();
      }
    }

    void flush() {
      if (!chunk.isEmpty()) {
        out.output(KV.of(key, chunk));
        key = (key + 1) % spread;
        chunk = new ArrayList<>(CHUNK);
      }
    }
  }

  /** The messages of a chunk. */
  static final class SplitChunksFn extends DoFn<KV<Integer, List<RawMessage>>, RawMessage> {
    @ProcessElement
    public void process(
        @Element KV<Integer, List<RawMessage>> chunk, OutputReceiver<RawMessage> out) {
      for (RawMessage m : chunk.getValue()) {
        out.output(m);
      }
    }
  }
}

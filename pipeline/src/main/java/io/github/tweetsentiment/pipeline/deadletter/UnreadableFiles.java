package io.github.tweetsentiment.pipeline.deadletter;

import io.github.tweetsentiment.pipeline.deadletter.DeadLetter.Stage;
import io.github.tweetsentiment.pipeline.read.UnreadableFile;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Turns the input files that could not be read into dead letters of stage {@code read}: the file
 * and how many records it gave are the attributes; the payload is empty, since the file itself,
 * named there, is what to copy again or repair.
 */
public final class UnreadableFiles
    extends PTransform<PCollection<UnreadableFile>, PCollection<DeadLetter>> {

  private UnreadableFiles() {}

  public static UnreadableFiles asDeadLetters() {
    return new UnreadableFiles();
  }

  @Override
  public PCollection<DeadLetter> expand(PCollection<UnreadableFile> files) {
    return files
        .apply("ToDeadLetter", ParDo.of(new ToDeadLetterFn()))
        .setCoder(DeadLetter.DeadLetterCoder.of());
  }

  static final class ToDeadLetterFn extends DoFn<UnreadableFile, DeadLetter> {
    @ProcessElement
    public void process(@Element UnreadableFile file, OutputReceiver<DeadLetter> out) {
      out.output(
          new DeadLetter(
              file.failedAt(),
              Stage.READ,
              file.errorType(),
              file.errorMessage(),
              DeadLetter.cutStackTrace(file.stackTrace()),
              new byte[0],
              file.attributes(),
              null,
              null,
              null));
    }
  }
}

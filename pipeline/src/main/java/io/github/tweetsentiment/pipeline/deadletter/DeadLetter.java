package io.github.tweetsentiment.pipeline.deadletter;

import io.github.tweetsentiment.pipeline.coders.FieldInput;
import io.github.tweetsentiment.pipeline.coders.FieldOutput;
import io.github.tweetsentiment.pipeline.coders.VersionedCoder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * Something that could not go through the pipeline, with everything needed to understand and replay
 * it: where and why it failed, and the original payload and attributes. One row of the {@code
 * dead_letter} table, and the one failure type every step emits: read, parse, score and the table
 * writers build theirs with the named factories below ({@link #of}, {@link #rejectedRow}, {@link
 * #unreadableFile}). This package sits below all of them.
 *
 * @param failedAt processing time of the failure
 * @param stage the step that failed
 * @param errorType the exception class or an error code such as {@code http_503}
 * @param errorMessage what went wrong and, where possible, what to fix
 * @param stackTrace the stack trace, or null when there was no exception
 * @param payload the original payload, byte for byte
 * @param attributes the original Pub/Sub attributes
 * @param messageId the Pub/Sub message id, or null
 * @param publishTime the Pub/Sub publish time, or null
 * @param tweetId the tweet id when it could be read, or null
 */
@DefaultCoder(DeadLetter.DeadLetterCoder.class)
public record DeadLetter(
    Instant failedAt,
    Stage stage,
    String errorType,
    String errorMessage,
    String stackTrace,
    byte[] payload,
    Map<String, String> attributes,
    String messageId,
    Instant publishTime,
    String tweetId) {

  /** The pipeline steps that can fail, as written to the {@code stage} column. */
  public enum Stage {
    READ("read"),
    PARSE("parse"),
    SCORE("score"),
    WRITE_SCORED_TWEETS("write_scored_tweets"),
    WRITE_WINDOWS("write_windows"),
    /** A row the dead_letter table itself refused: logged and counted, never written. */
    WRITE_DEAD_LETTERS("write_dead_letters");

    private final String column;

    Stage(String column) {
      this.column = column;
    }

    /** The value of the {@code stage} column. */
    public String column() {
      return column;
    }
  }

  private static final int MAX_STACK_TRACE_CHARS = 16_000;

  public DeadLetter {
    Objects.requireNonNull(failedAt, "failedAt");
    Objects.requireNonNull(stage, "stage");
    payload = payload == null ? new byte[0] : payload.clone();
    attributes =
        attributes == null || attributes.isEmpty()
            ? Collections.emptySortedMap()
            : Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
  }

  /** The message as it arrived, which a dead letter hands back byte for byte. */
  public interface Original {
    byte[] payload();

    Map<String, String> attributes();

    /** The Pub/Sub message id, or null. */
    String messageId();

    /** The Pub/Sub publish time, or null. */
    Instant publishTime();
  }

  /** A failure caused by {@code error} while handling {@code message}. */
  public static DeadLetter of(Stage stage, Throwable error, Original message, String tweetId) {
    return new DeadLetter(
        Instant.now(),
        stage,
        error.getClass().getName(),
        String.valueOf(error.getMessage()),
        stackTraceOf(error),
        message.payload(),
        message.attributes(),
        message.messageId(),
        message.publishTime(),
        tweetId);
  }

  /** A failure without an exception, such as a missing attribute. */
  public static DeadLetter of(
      Stage stage, String errorType, String errorMessage, Original message, String tweetId) {
    return new DeadLetter(
        Instant.now(),
        stage,
        errorType,
        errorMessage,
        null,
        message.payload(),
        message.attributes(),
        message.messageId(),
        message.publishTime(),
        tweetId);
  }

  /**
   * A row a table refused, kept as JSON for its payload: BigQuery's error says what to fix.
   *
   * @param stage the write stage of the table
   * @param messageId the row's message_id, or null
   * @param tweetId the row's tweet_id, or null
   */
  public static DeadLetter rejectedRow(
      Stage stage, String table, String rowJson, String error, String messageId, String tweetId) {
    return new DeadLetter(
        Instant.now(),
        stage,
        "bigquery_insert_error",
        "BigQuery rejected the row for table " + table + ": " + error,
        null,
        rowJson.getBytes(StandardCharsets.UTF_8),
        Map.of(),
        messageId,
        null,
        tweetId);
  }

  /**
   * An input file, or the rest of one, that could not be read (stage {@code read}): the file and
   * how many records it gave first are the attributes; the payload is empty, since the file itself,
   * named there, is what to copy again or repair.
   */
  public static DeadLetter unreadableFile(String file, long recordsRead, Throwable error) {
    return new DeadLetter(
        Instant.now(),
        Stage.READ,
        error.getClass().getName(),
        String.valueOf(error.getMessage()),
        stackTraceOf(error),
        new byte[0],
        Map.of("file", file, "records_read", Long.toString(recordsRead)),
        null,
        null,
        null);
  }

  /** This dead letter with a different payload (a single tweet's envelope rather than a page). */
  public DeadLetter withPayload(String newPayload) {
    return new DeadLetter(
        failedAt,
        stage,
        errorType,
        errorMessage,
        stackTrace,
        newPayload.getBytes(StandardCharsets.UTF_8),
        attributes,
        messageId,
        publishTime,
        tweetId);
  }

  /** This dead letter with a more telling error type and message (the stack trace stays). */
  public DeadLetter withError(String newErrorType, String newErrorMessage) {
    return new DeadLetter(
        failedAt,
        stage,
        newErrorType,
        newErrorMessage,
        stackTrace,
        payload,
        attributes,
        messageId,
        publishTime,
        tweetId);
  }

  /** The payload as UTF-8 text (lossy when it is not valid UTF-8). */
  public String payloadString() {
    return new String(payload, StandardCharsets.UTF_8);
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** The stack trace of {@code error}, cut to a size a BigQuery cell and a reader can take. */
  private static String stackTraceOf(Throwable error) {
    StringWriter out = new StringWriter();
    error.printStackTrace(new PrintWriter(out));
    return cutStackTrace(out.toString());
  }

  /** A stack trace cut to a size a BigQuery cell and a reader can take. */
  private static String cutStackTrace(String trace) {
    return trace.length() <= MAX_STACK_TRACE_CHARS
        ? trace
        : trace.substring(0, MAX_STACK_TRACE_CHARS) + "\n\t... (truncated)";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeadLetter d
        && failedAt.equals(d.failedAt)
        && stage == d.stage
        && Objects.equals(errorType, d.errorType)
        && Objects.equals(errorMessage, d.errorMessage)
        && Objects.equals(stackTrace, d.stackTrace)
        && Arrays.equals(payload, d.payload)
        && attributes.equals(d.attributes)
        && Objects.equals(messageId, d.messageId)
        && Objects.equals(publishTime, d.publishTime)
        && Objects.equals(tweetId, d.tweetId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        failedAt, stage, errorType, errorMessage, Arrays.hashCode(payload), messageId, tweetId);
  }

  @Override
  public String toString() {
    return "DeadLetter[stage="
        + stage.column()
        + ", errorType="
        + errorType
        + ", errorMessage="
        + errorMessage
        + ", tweetId="
        + tweetId
        + ", messageId="
        + messageId
        + "]";
  }

  /** Every field; the stage by its column name, so reordering the enum changes nothing. */
  public static final class DeadLetterCoder extends VersionedCoder<DeadLetter> {
    private static final DeadLetterCoder INSTANCE = new DeadLetterCoder();

    private DeadLetterCoder() {
      super(
          1,
          (out, d) ->
              out.instant(d.failedAt)
                  .string(d.stage.column())
                  .optional(FieldOutput::string, d.errorType)
                  .optional(FieldOutput::string, d.errorMessage)
                  .optional(FieldOutput::string, d.stackTrace)
                  .bytes(d.payload)
                  .stringMap(d.attributes)
                  .optional(FieldOutput::string, d.messageId)
                  .optional(FieldOutput::instant, d.publishTime)
                  .optional(FieldOutput::string, d.tweetId),
          in ->
              new DeadLetter(
                  in.instant(),
                  stageOf(in.string()),
                  in.optional(FieldInput::string),
                  in.optional(FieldInput::string),
                  in.optional(FieldInput::string),
                  in.bytes(),
                  in.stringMap(),
                  in.optional(FieldInput::string),
                  in.optional(FieldInput::instant),
                  in.optional(FieldInput::string)));
    }

    public static DeadLetterCoder of() {
      return INSTANCE;
    }

    private static Stage stageOf(String column) throws CoderException {
      for (Stage s : Stage.values()) {
        if (s.column().equals(column)) {
          return s;
        }
      }
      throw new CoderException("unknown dead-letter stage '" + column + "'");
    }
  }
}

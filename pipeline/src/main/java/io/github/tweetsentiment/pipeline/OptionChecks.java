package io.github.tweetsentiment.pipeline;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubIO;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/** The checks of options that contradict each other, each failing with what to fix. */
public final class OptionChecks {

  private OptionChecks() {}

  /** The checks that do not depend on the endpoint, which a local launcher may start later. */
  public static void inputsAndOutputs(SentimentOptions o, @Nullable String input) {
    if (o.getInputSubscription() != null && o.getInputTopic() != null) {
      throw new IllegalArgumentException(
          "give --inputSubscription or --inputTopic, not both (production reads a subscription)");
    }
    if (o.getInputSubscription() == null && o.getInputTopic() == null && input == null) {
      throw new IllegalArgumentException(
          "no input: give --inputSubscription=projects/P/subscriptions/S (production),"
              + " --inputTopic, or --input=FILE_OR_GLOB to replay a recording");
    }
    if (o.getInputSubscription() != null) {
      checkPubsubPath("--inputSubscription", o.getInputSubscription(), "subscriptions");
    }
    if (o.getInputTopic() != null) {
      checkPubsubPath("--inputTopic", o.getInputTopic(), "topics");
    }
    backfill(o, input);
    if (SentimentPipeline.isDataflow(o) && o.getOutputDataset().isBlank()) {
      throw new IllegalArgumentException(
          "--outputDataset is required on Dataflow: workers cannot write to a local --outputDir");
    }
    if (!o.getOutputDataset().isBlank()
        && (o.getBigQueryProject() == null ? o.getProject() : o.getBigQueryProject()) == null) {
      throw new IllegalArgumentException(
          "--outputDataset needs a project: pass --project or --bigQueryProject");
    }
  }

  /** A backfill reads files, once, and writes whole windows into BigQuery. */
  private static void backfill(SentimentOptions o, @Nullable String input) {
    if (!o.getBackfill()) {
      if (o.getBackfillFrom() != null || o.getBackfillTo() != null) {
        throw new IllegalArgumentException(
            "--backfillFrom and --backfillTo bound a backfill: add --backfill=true, or leave them"
                + " out");
      }
      return;
    }
    if (o.getInputSubscription() != null || o.getInputTopic() != null || input == null) {
      throw new IllegalArgumentException(
          "a backfill reads files, not Pub/Sub: give --input=FILE_OR_GLOB (gs:// too, e.g. the"
              + " archive's gs://BUCKET/tweets/2026/11/0*/**.avro) and no --inputSubscription or"
              + " --inputTopic");
    }
    if (o.getReplaySpeed() != 0) {
      throw new IllegalArgumentException(
          "--replaySpeed paces a streaming replay; a backfill reads as fast as it can: leave it"
              + " out");
    }
    Instant from = instant("--backfillFrom", o.getBackfillFrom());
    Instant to = instant("--backfillTo", o.getBackfillTo());
    if (!o.getOutputDataset().isBlank() && (from == null || to == null)) {
      throw new IllegalArgumentException(
          "a backfill into BigQuery needs --backfillFrom and --backfillTo (created_at range, on"
              + " window boundaries): its rows replace the streaming job's in the *_latest views,"
              + " and a window cut by the edge of the input would replace a whole one with part of"
              + " it");
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw new IllegalArgumentException(
          "--backfillFrom (" + from + ") must be before --backfillTo (" + to + ")");
    }
    if (!o.getOutputDataset().isBlank()
        && (o.getTempLocation() == null || o.getTempLocation().isBlank())) {
      throw new IllegalArgumentException(
          "a backfill loads BigQuery from files it writes under --tempLocation: pass"
              + " --tempLocation=gs://BUCKET/temp (gcloud dataflow flex-template run"
              + " --temp-location)");
    }
    long window = Duration.standardMinutes(o.getWindowMinutes()).getMillis();
    for (Instant edge : new Instant[] {from, to}) {
      if (edge != null && edge.toEpochMilli() % window != 0) {
        Instant before = Instant.ofEpochMilli(Math.floorDiv(edge.toEpochMilli(), window) * window);
        throw new IllegalArgumentException(
            "the backfill range must start and end on window boundaries (--windowMinutes="
                + o.getWindowMinutes()
                + "): "
                + edge
                + " is inside the window from "
                + before
                + " to "
                + before.plusMillis(window));
      }
    }
  }

  /**
   * An instant option: RFC 3339, or a date meaning midnight UTC; null when not given.
   *
   * @throws IllegalArgumentException naming the option and the forms it takes
   */
  static @Nullable Instant instant(String option, @Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    try {
      return v.length() == 10
          ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant()
          : OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          option
              + " must be an RFC 3339 instant such as 2026-11-01T00:00:00Z or a date such as"
              + " 2026-11-01 (midnight UTC), got '"
              + value
              + "'",
          e);
    }
  }

  /** Beam's own checks of a Pub/Sub path, as an error that names the option. */
  private static void checkPubsubPath(String option, String path, String kind) {
    try {
      if (kind.equals("subscriptions")) {
        PubsubIO.PubsubSubscription.fromPath(path);
      } else {
        PubsubIO.PubsubTopic.fromPath(path);
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          option
              + " must be projects/PROJECT/"
              + kind
              + "/NAME with Pub/Sub's naming rules, got '"
              + path
              + "': "
              + e.getMessage(),
          e);
    }
  }
}

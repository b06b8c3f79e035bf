package io.github.tweetsentiment.localrun;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JDK Flight Recorder CPU profile of part of a run, summed the way one reads it: the methods most
 * often on top of the stack, and where the samples fall (runner, coders, model, HTTP, ...).
 */
final class CpuProfile {

  /** Where a sample's top frame lives, by package, first match wins. */
  private static final Map<String, String> AREAS = new LinkedHashMap<>();

  static {
    AREAS.put("io.github.tweetsentiment.pipeline.coders.", "pipeline coders");
    AREAS.put("io.github.tweetsentiment.pipeline.", "pipeline steps");
    AREAS.put("io.github.tweetsentiment.service.", "sentiment service (model)");
    AREAS.put("io.github.tweetsentiment.core.", "tweet JSON (core)");
    AREAS.put("io.github.tweetsentiment.inference.", "HTTP client and server");
    AREAS.put("io.github.tweetsentiment.", "project, other");
    AREAS.put("org.apache.beam.runners.", "Beam runner (DirectRunner, runners-core)");
    // Translating a transform to its proto again for each bundle is the DirectRunner's doing.
    AREAS.put("org.apache.beam.sdk.util.construction.", "Beam runner (DirectRunner, runners-core)");
    AREAS.put("org.apache.beam.sdk.runners.", "Beam runner (DirectRunner, runners-core)");
    AREAS.put("org.apache.beam.sdk.coders.", "Beam coders");
    AREAS.put("org.apache.beam.", "Beam SDK");
    AREAS.put("okhttp3.", "HTTP client and server");
    AREAS.put("okio.", "HTTP client and server");
    AREAS.put("org.eclipse.jetty.", "HTTP client and server");
    AREAS.put("io.javalin.", "HTTP client and server");
    AREAS.put("com.fasterxml.jackson.", "JSON (Jackson)");
    AREAS.put("org.joda.", "Beam SDK");
    AREAS.put("ai.onnxruntime.", "sentiment service (model)");
    AREAS.put("org.apache.beam.sdk.util.SerializableUtils", "Java serialization");
  }

  private final Map<String, Integer> topFrames;
  private final Map<String, Integer> areas;
  private final int timerScans;
  private final int timerScanSelf;
  private final int samples;

  private CpuProfile(
      Map<String, Integer> topFrames,
      Map<String, Integer> areas,
      int timerScans,
      int timerScanSelf,
      int samples) {
    this.topFrames = topFrames;
    this.areas = areas;
    this.timerScans = timerScans;
    this.timerScanSelf = timerScanSelf;
    this.samples = samples;
  }

  /** Starts recording with the JDK's "profile" settings; closing stops and writes the file. */
  static Recorder record(Path file) throws IOException, ParseException {
    Recording recording = new Recording(Configuration.getConfiguration("profile"));
    recording.setToDisk(true);
    recording.setDestination(file);
    recording.start();
    return new Recorder(recording);
  }

  /** A running recording. */
  static final class Recorder implements AutoCloseable {
    private final Recording recording;

    private Recorder(Recording recording) {
      this.recording = recording;
    }

    @Override
    public void close() {
      recording.stop();
      recording.close();
    }
  }

  static CpuProfile read(Path file) throws IOException {
    Map<String, Integer> top = new HashMap<>();
    Map<String, Integer> areas = new HashMap<>();
    int timerScans = 0;
    int timerScanSelf = 0;
    int samples = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
        continue;
      }
      List<RecordedFrame> frames = e.getStackTrace().getFrames();
      if (frames.isEmpty()) {
        continue;
      }
      samples++;
      top.merge(methodOf(frames.get(0)), 1, Integer::sum);
      // JDK code (collections, I/O, strings) counts for whoever called it.
      String area = "JDK";
      for (RecordedFrame frame : frames) {
        String method = methodOf(frame);
        if (!isJdk(method)) {
          area = areaOf(method);
          break;
        }
      }
      areas.merge(area, 1, Integer::sum);
      if (frames.stream().anyMatch(CpuProfile::isTimerScan)) {
        timerScans++;
      }
      if (isTimerScan(frames.get(0))) {
        timerScanSelf++;
      }
    }
    return new CpuProfile(top, areas, timerScans, timerScanSelf, samples);
  }

  /**
   * The DirectRunner's scan of every transform's pending timers, which its monitor runs between
   * bundles: what a run made of many small bundles spends its time on.
   */
  private static boolean isTimerScan(RecordedFrame frame) {
    String name = frame.getMethod().getName();
    // access$400 is the synthetic accessor the static extractFiredTimers is compiled into.
    return frame.getMethod().getType().getName().startsWith(WATERMARK_MANAGER)
        && (name.startsWith("extractFired") || name.equals("access$400"));
  }

  private static final String WATERMARK_MANAGER = "org.apache.beam.runners.direct.WatermarkManager";

  /** The share of samples in the runner's timer scan, {@code extractFiredTimers} on the stack. */
  double timerScanShare() {
    return (double) timerScans / Math.max(1, samples);
  }

  private static String methodOf(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  /** The JDK and Beam's vendored Guava: collections and I/O that count for their caller. */
  private static boolean isJdk(String method) {
    return method.startsWith("java.")
        || method.startsWith("jdk.")
        || method.startsWith("sun.")
        || method.startsWith("org.apache.beam.vendor.");
  }

  private static String areaOf(String method) {
    for (Map.Entry<String, String> a : AREAS.entrySet()) {
      if (method.startsWith(a.getKey())) {
        return a.getValue();
      }
    }
    return "other";
  }

  void print(PrintStream out, int limit) {
    out.printf(
        "%,d samples. Where the time goes (JDK and vendored Guava frames count for their caller):%n",
        samples);
    print(out, areas, Integer.MAX_VALUE);
    out.printf(
        "The runner's timer scan (WatermarkManager.extractFiredTimers): %.1f %% self time, %.1f %%"
            + " on the stack%n",
        100.0 * timerScanSelf / Math.max(1, samples), 100 * timerScanShare());
    out.println("Top frames (self time):");
    print(out, topFrames, limit);
  }

  private void print(PrintStream out, Map<String, Integer> counts, int limit) {
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
        .limit(limit)
        .forEach(
            e ->
                out.printf(
                    "  %5.1f %%  %s%n", 100.0 * e.getValue() / Math.max(1, samples), e.getKey()));
  }
}

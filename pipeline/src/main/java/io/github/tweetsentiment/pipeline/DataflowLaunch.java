package io.github.tweetsentiment.pipeline;

import java.io.File;
import java.net.URISyntaxException;
import java.util.List;
import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a Dataflow launch sets up before building the pipeline: which jar the workers stage.
 *
 * <p>The runnable jar bundles the sentiment service (its ONNX model and native runtime) for local
 * runs. Workers never start it, so the build also writes {@code sentiment-pipeline-worker.jar}
 * without it beside the runnable jar; when that file is there and {@code --filesToStage} is not
 * given, the workers stage only it.
 */
final class DataflowLaunch {

  private static final Logger LOG = LoggerFactory.getLogger(DataflowLaunch.class);

  /** The slim jar's file name, beside the runnable jar. */
  static final String WORKER_JAR = "sentiment-pipeline-worker.jar";

  private DataflowLaunch() {}

  static void prepare(SentimentPipeline.Options options) {
    DataflowPipelineOptions dataflow = options.as(DataflowPipelineOptions.class);
    if (dataflow.getFilesToStage() != null && !dataflow.getFilesToStage().isEmpty()) {
      return;
    }
    File workerJar = workerJarBesideThisJar();
    if (workerJar != null && workerJar.isFile()) {
      LOG.info("Staging {} for the workers (without the embedded service)", workerJar);
      dataflow.setFilesToStage(List.of(workerJar.getAbsolutePath()));
    } else {
      LOG.warn(
          "No {} beside the launcher jar: workers stage the whole classpath, embedded service"
              + " included. Build with ./mvnw -pl pipeline -am package to get it.",
          WORKER_JAR);
    }
  }

  private static File workerJarBesideThisJar() {
    try {
      File self =
          new File(
              SentimentPipeline.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return self.isFile() ? new File(self.getParentFile(), WORKER_JAR) : null;
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      return null;
    }
  }
}

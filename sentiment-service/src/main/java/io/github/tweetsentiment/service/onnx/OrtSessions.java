package io.github.tweetsentiment.service.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Creates ONNX Runtime sessions with bounded threads and feeds them tokenized batches. */
public final class OrtSessions {

  private OrtSessions() {}

  /**
   * A CPU session whose every {@code run} uses at most {@code intraOpThreads} threads.
   *
   * <p>The service runs several requests at once, each with its own {@code run}; giving each a
   * single thread (the default) keeps the cores busy without oversubscribing them. Spinning is
   * turned off so idle worker threads do not burn a core another request needs.
   */
  public static OrtSession create(byte[] model, int intraOpThreads) throws OrtException {
    if (intraOpThreads < 1) {
      throw new IllegalArgumentException("intraOpThreads must be >= 1, got " + intraOpThreads);
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(intraOpThreads);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      return env.createSession(model, options);
    }
  }

  /**
   * The input tensors a transformer session asks for, from a tokenized batch.
   *
   * @throws IllegalArgumentException when the session wants an input other than {@code input_ids},
   *     {@code attention_mask} and {@code token_type_ids}
   */
  public static Map<String, OnnxTensor> inputs(OrtSession session, TokenizedBatch batch)
      throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    Set<String> names = session.getInputNames();
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      for (String name : names) {
        long[] data =
            switch (name) {
              case "input_ids" -> batch.inputIds();
              case "attention_mask" -> batch.attentionMask();
              case "token_type_ids" -> batch.typeIds();
              default ->
                  throw new IllegalArgumentException(
                      "the ONNX model wants an input named '"
                          + name
                          + "'; supported inputs are input_ids, attention_mask and token_type_ids");
            };
        inputs.put(name, OnnxTensor.createTensor(env, LongBuffer.wrap(data), batch.shape()));
      }
      return inputs;
    } catch (RuntimeException | OrtException e) {
      inputs.values().forEach(OnnxTensor::close);
      throw e;
    }
  }
}

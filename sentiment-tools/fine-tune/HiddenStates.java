/*
 * Step 1 of fine-tuning (not product code, nothing in the build runs it): runs the service's int8
 * encoder one tweet per call, exactly as the service does (TweetNormalizer, the same tokenizer, 128
 * word pieces), with the hidden states after one inner layer as an extra graph output, and writes
 * for fine_tune.py:
 *   <out>.tok  per tweet: its token count, then its token ids (little-endian int32)
 *   <out>.f16  every token's hidden state after the layer (float16, 384 a token, in tweet order)
 * Java 20+ (float16). Run from the repository root after `./mvnw -o -q -pl sentiment-service -am
 * package -DskipTests`:
 *
 *   java -cp sentiment-service/target/sentiment-service.jar sentiment-tools/fine-tune/HiddenStates.java \
 *       bge 9 ../shared/datasets/tweeteval-sentiment/train_text.txt /tmp/fine-tune/train
 */
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import io.github.tweetsentiment.service.embedding.Encoder;
import io.github.tweetsentiment.service.embedding.SentenceEncoder;
import io.github.tweetsentiment.service.embedding.TunedTop;
import io.github.tweetsentiment.service.onnx.OnnxGraphs;
import io.github.tweetsentiment.service.onnx.OrtSessions;
import io.github.tweetsentiment.service.onnx.TransformerTokenizer;
import io.github.tweetsentiment.service.text.TweetNormalizer;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

public class HiddenStates {
  public static void main(String[] args) throws Exception {
    Encoder encoder = Encoder.byId(args[0]);
    int layer = Integer.parseInt(args[1]);
    Path textFile = Path.of(args[2]);
    String out = args[3];
    String tap = TunedTop.layerOutput(layer);
    OrtSession session =
        OrtSessions.create(OnnxGraphs.withOutputs(resource(encoder.model()), List.of(tap)), 1);
    TransformerTokenizer tokenizer =
        TransformerTokenizer.fromJson(resource(encoder.tokenizer()), SentenceEncoder.MAX_TOKENS);
    List<String> texts = new ArrayList<>();
    for (String line : Files.readAllLines(textFile)) {
      texts.add(encoder.prefix() + TweetNormalizer.normalize(line));
    }
    long[][] ids = new long[texts.size()][];
    short[][] states = new short[texts.size()][];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    long start = System.nanoTime();
    int threads = Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(
          pool.submit(
              () -> {
                for (int i = next.getAndIncrement(); i < texts.size(); i = next.getAndIncrement()) {
                  var tokens = tokenizer.tokenize(List.of(texts.get(i)));
                  ids[i] = tokens.get(0).ids();
                  var inputs = OrtSessions.inputs(session, tokenizer.pad(tokens));
                  try (OrtSession.Result r = session.run(inputs)) {
                    FloatBuffer h = ((OnnxTensor) r.get(tap).orElseThrow()).getFloatBuffer();
                    short[] row = new short[h.remaining()];
                    for (int j = 0; j < row.length; j++) {
                      row[j] = Float.floatToFloat16(h.get(j));
                    }
                    states[i] = row;
                  } finally {
                    inputs.values().forEach(OnnxTensor::close);
                  }
                  int n = done.incrementAndGet();
                  if (n % 5000 == 0) {
                    System.out.printf(
                        "%d/%d tweets, %.0f a second%n",
                        n, texts.size(), n / ((System.nanoTime() - start) / 1e9));
                  }
                }
                return null;
              }));
    }
    for (Future<?> w : workers) {
      w.get();
    }
    pool.shutdown();
    Files.createDirectories(Path.of(out).toAbsolutePath().getParent());
    try (DataOutputStream tok =
            new DataOutputStream(new BufferedOutputStream(new FileOutputStream(out + ".tok")));
        DataOutputStream f16 =
            new DataOutputStream(
                new BufferedOutputStream(new FileOutputStream(out + ".f16"), 1 << 20))) {
      ByteBuffer buf = ByteBuffer.allocate(SentenceEncoder.MAX_TOKENS * 4096).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < ids.length; i++) {
        tok.writeInt(Integer.reverseBytes(ids[i].length));
        for (long id : ids[i]) {
          tok.writeInt(Integer.reverseBytes((int) id));
        }
        buf.clear();
        buf.asShortBuffer().put(states[i]);
        f16.write(buf.array(), 0, states[i].length * 2);
      }
    }
    System.out.printf(
        "wrote %s.tok and %s.f16: %d tweets in %.0f s%n",
        out, out, texts.size(), (System.nanoTime() - start) / 1e9);
  }

  private static byte[] resource(String name) throws Exception {
    try (InputStream in = HiddenStates.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the class path");
      }
      return in.readAllBytes();
    }
  }
}

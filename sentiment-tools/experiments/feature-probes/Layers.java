/*
 * Probe only, not product code: runs an encoder's ONNX file with extra graph outputs (the hidden
 * states after chosen layers; -1 is the last) one tweet per call, as the service does, and writes
 * each layer's [CLS] and mean token vector as float16 for probes.py. Needs Java 20+ (float16); the
 * graph is edited by the service's OnnxGraphs:
 *
 *   java -cp sentiment-service/target/sentiment-service.jar Layers.java \
 *       bge-small-en-v1.5-q.onnx bge-small-en-v1.5-q-tokenizer.json '' 3,5,7,8,9,10,-1 \
 *       /tmp/feature-probes/bgeL-train.f16 ../shared/datasets/tweeteval-sentiment/train_text.txt
 */
import ai.onnxruntime.*;
import io.github.tweetsentiment.service.embedding.TunedTop;
import io.github.tweetsentiment.service.onnx.*;
import io.github.tweetsentiment.service.text.TweetNormalizer;
import java.nio.*;
import java.nio.channels.FileChannel;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;

public class Layers {
  public static void main(String[] a) throws Exception {
    String onnx = a[0], tok = a[1], prefix = a[2], outFile = a[4];
    int[] layers = Arrays.stream(a[3].split(",")).mapToInt(Integer::parseInt).toArray();
    List<String> names = new ArrayList<>();
    for (int l : layers) names.add(l < 0 ? "last_hidden_state" : TunedTop.layerOutput(l));
    OrtSession s = OrtSessions.create(OnnxGraphs.withOutputs(Files.readAllBytes(Path.of(onnx)), names.stream().filter(n -> !n.equals("last_hidden_state")).toList()), 1);
    System.out.println(s.getOutputNames());
    TransformerTokenizer t = TransformerTokenizer.fromJson(Files.readAllBytes(Path.of(tok)), 128);
    List<String> texts = new ArrayList<>();
    for (int i = 5; i < a.length; i++) for (String line : Files.readAllLines(Path.of(a[i]))) texts.add(prefix + TweetNormalizer.normalize(line));
    int L = layers.length, d = 384, w = L * 2 * d;
    short[][] out = new short[texts.size()][];
    AtomicInteger next = new AtomicInteger(), done = new AtomicInteger();
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<?>> fs = new ArrayList<>();
    for (int th = 0; th < 2; th++) fs.add(pool.submit(() -> {
      for (int i = next.getAndIncrement(); i < out.length; i = next.getAndIncrement()) {
        var toks = t.tokenize(List.of(texts.get(i)));
        Map<String, OnnxTensor> in = OrtSessions.inputs(s, t.pad(toks));
        try (OrtSession.Result r = s.run(in, new HashSet<>(names))) {
          short[] row = new short[w];
          for (int l = 0; l < L; l++) {
            OnnxTensor h = (OnnxTensor) r.get(names.get(l)).get();
            long[] sh = h.getInfo().getShape();
            FloatBuffer fb = h.getFloatBuffer();
            int len = (int) sh[1];
            float[] mean = new float[d];
            for (int k = 0; k < len; k++) for (int j = 0; j < d; j++) mean[j] += fb.get(k * d + j) / len;
            for (int j = 0; j < d; j++) { row[l * 2 * d + j] = Float.floatToFloat16(fb.get(j)); row[l * 2 * d + d + j] = Float.floatToFloat16(mean[j]); }
          }
          out[i] = row;
        } finally { in.values().forEach(OnnxTensor::close); }
        int n = done.incrementAndGet();
        if (n % 5000 == 0) System.out.printf("%d/%d %.0f/s%n", n, out.length, n / ((System.nanoTime() - start) / 1e9));
      }
      return null;
    }));
    for (var f : fs) f.get();
    pool.shutdown();
    try (FileChannel ch = FileChannel.open(Path.of(outFile), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer bb = ByteBuffer.allocate(w * 2).order(ByteOrder.LITTLE_ENDIAN);
      for (short[] row : out) { bb.clear(); bb.asShortBuffer().put(row); bb.position(0).limit(w * 2); ch.write(bb); }
    }
    System.out.printf("done %d in %.0f s%n", out.length, (System.nanoTime() - start) / 1e9);
  }
}

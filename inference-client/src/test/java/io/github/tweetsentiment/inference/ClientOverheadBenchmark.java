package io.github.tweetsentiment.inference;

import com.sun.net.httpserver.HttpServer;
import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.core.TweetJson;
import io.github.tweetsentiment.core.predict.PredictInstance;
import io.github.tweetsentiment.core.predict.PredictRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the client adds on top of a bare OkHttp POST, over loopback, against a trivial JDK
 * HttpServer that answers every request with the same valid response.
 *
 * <p>{@code rawOkHttp} posts the same pre-encoded bytes with a plain OkHttp client and reads the
 * body; {@code sentimentClient} does the full {@link SentimentClient#predict}: encode, post, read,
 * validate, decode, report to a listener. The difference is the client's overhead per call; {@code
 * codecOnly} isolates its CPU part (encode, validate, decode) without I/O. Run with {@code -Pbench}
 * (see docs/benchmarks.md); this is not a test.
 */
@State(Scope.Benchmark)
// Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed
// ACK, and every call waits ~40 ms on loopback: that would measure Nagle, not the client.
@Fork(jvmArgsAppend = "-Dsun.net.httpserver.nodelay=true")
public class ClientOverheadBenchmark {

  @Param({"1", "32"})
  public int batchSize;

  private HttpServer server;
  private ExecutorService serverThreads;
  private SentimentClient client;
  private OkHttpClient raw;
  private Request rawRequest;
  private List<PredictInstance> batch;
  private byte[] response;

  @Setup(Level.Trial)
  public void start() throws IOException {
    response = Fixtures.predictionsJson(batchSize).getBytes(StandardCharsets.UTF_8);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    serverThreads = Executors.newFixedThreadPool(8);
    server.setExecutor(serverThreads);
    server.createContext(
        "/",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
          }
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, response.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(response);
          }
        });
    server.start();
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");

    batch = Fixtures.instances(batchSize);
    client = SentimentClient.builder(base).listener(stats -> {}).build();

    raw =
        new OkHttpClient.Builder()
            .connectionPool(new ConnectionPool(32, 5, TimeUnit.MINUTES))
            .retryOnConnectionFailure(false)
            .build();
    byte[] body = TweetJson.toJson(new PredictRequest(batch)).getBytes(StandardCharsets.UTF_8);
    rawRequest =
        new Request.Builder()
            .url(client.predictUri().toString())
            .post(RequestBody.create(body, PredictTransport.JSON, 0, body.length))
            .build();
  }

  @TearDown(Level.Trial)
  public void stop() {
    client.close();
    server.stop(0);
    serverThreads.shutdownNow();
    raw.connectionPool().evictAll();
  }

  @Benchmark
  public List<Prediction> sentimentClient() {
    return client.predict(batch);
  }

  /**
   * The client's own CPU work per call without any I/O: encode the request, validate and decode the
   * response. The part of the overhead that does not depend on the network or the server.
   */
  @Benchmark
  public List<Prediction> codecOnly() throws Exception {
    byte[] request = TweetJson.mapper().writeValueAsBytes(new PredictRequest(batch));
    if (request.length == 0) {
      throw new IllegalStateException("empty request");
    }
    return PredictResponses.decode(response, PredictTransport.JSON, batch, "accurate");
  }

  @Benchmark
  public int rawOkHttp() throws IOException {
    try (Response response = raw.newCall(rawRequest).execute()) {
      return response.body().bytes().length;
    }
  }
}

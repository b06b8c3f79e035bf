package io.github.tweetsentiment.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sentiment service as {@link Benchmark} runs it with {@code --jar}: its own JVM, as on Cloud
 * Run, with its start-up times and memory read from the outside.
 */
final class ServiceProcess {

  private ServiceProcess() {}

  /** Starts {@code jar} serving {@code model} on {@code port}, logging to a temporary file. */
  static Process start(Path jar, String jvmFlags, String model, int port) throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException(
          "no jar at " + jar + ": build it with ./mvnw -pl sentiment-service -am package");
    }
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    for (String flag : jvmFlags.split("\\s+")) {
      if (!flag.isBlank()) {
        command.add(flag);
      }
    }
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("PORT", Integer.toString(port));
    builder.environment().put("SENTIMENT_MODEL", model);
    builder.environment().put("SENTIMENT_HOST", "127.0.0.1");
    Path log = Files.createTempFile("sentiment-service-", ".log");
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    System.out.printf("starting %s (log: %s)%n", String.join(" ", command), log);
    return builder.start();
  }

  static void reportStartup(HttpClient client, URI base, Process process)
      throws InterruptedException {
    long start =
        process.info().startInstant().map(i -> i.toEpochMilli()).orElse(System.currentTimeMillis());
    long live = waitFor(client, base.resolve("/health/live"), process);
    long liveMs = live - start;
    long ready = waitFor(client, base.resolve("/health/ready"), process);
    System.out.printf(
        Locale.ROOT,
        "start-up: live after %d ms, ready after %d ms; RSS when ready: %s%n",
        liveMs,
        ready - start,
        procStatus(process.pid(), "VmRSS"));
  }

  /** Polls until 200 and returns the wall-clock time (ms) it first answered so. */
  private static long waitFor(HttpClient client, URI uri, Process process)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 300_000;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the service exited with " + process.exitValue());
      }
      try {
        HttpResponse<Void> r =
            client.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return System.currentTimeMillis();
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(5);
    }
    throw new IllegalStateException(uri + " did not answer 200 within 5 minutes");
  }

  static String procStatus(long pid, String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith(key + ":")) {
          return line.substring(key.length() + 1).strip();
        }
      }
      return "n/a";
    } catch (IOException e) {
      return "n/a (no /proc)";
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

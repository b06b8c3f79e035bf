package io.github.tweetsentiment.inference;

import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * The one OkHttp connection pool and dispatcher per JVM.
 *
 * <p>This is deliberately a static: OkHttp's pool and dispatcher are thread-safe and meant to be
 * shared, and a Dataflow worker builds many clients (one per DoFn instance, i.e. per thread) that
 * should all reuse the same warm HTTP/2 connections instead of each opening and keeping its own.
 * The holder is immutable once built (its configuration never changes; each {@link SentimentClient}
 * derives its own settings with {@code newBuilder()}, which shares the pool), and it is created
 * lazily on first use by the class-holder idiom, so merely loading the library starts no threads.
 */
final class SharedHttp {

  /**
   * Idle connections kept per JVM. With HTTP/2 one connection carries many concurrent calls; this
   * bounds the HTTP/1.1 case (e.g. loopback) where each concurrent call needs its own socket.
   */
  static final int MAX_IDLE_CONNECTIONS = 32;

  /** How long an idle connection is kept alive for reuse. */
  static final long KEEP_ALIVE_MINUTES = 5;

  private SharedHttp() {}

  static OkHttpClient base() {
    return Holder.BASE;
  }

  private static final class Holder {
    static final OkHttpClient BASE =
        new OkHttpClient.Builder()
            .connectionPool(
                new ConnectionPool(MAX_IDLE_CONNECTIONS, KEEP_ALIVE_MINUTES, TimeUnit.MINUTES))
            // HTTP/2 is negotiated by ALPN whenever the server offers it over TLS (Cloud Run does).
            .protocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1))
            // Without it a request over one write waits 40 ms for a delayed ACK.
            .socketFactory(new NoDelaySocketFactory(SocketFactory.getDefault()))
            .build();
  }
}

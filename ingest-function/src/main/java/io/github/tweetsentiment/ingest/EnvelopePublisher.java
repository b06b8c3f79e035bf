package io.github.tweetsentiment.ingest;

import java.util.concurrent.CompletableFuture;

/** Where envelopes go: Pub/Sub in the function, a JSONL file in the record command. */
public interface EnvelopePublisher extends AutoCloseable {

  /**
   * Queues one message. The future completes with the message id once the message is durably
   * accepted (acknowledged by Pub/Sub, written and synced to the file), or fails.
   */
  CompletableFuture<String> publish(OutboundMessage message);

  /** Sends whatever batching holds back now, rather than after its delay. */
  void flush();

  @Override
  void close();
}

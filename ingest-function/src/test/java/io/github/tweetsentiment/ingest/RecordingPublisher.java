package io.github.tweetsentiment.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** An in-memory {@link EnvelopePublisher}; it can be told to fail from the n-th message on. */
final class RecordingPublisher implements EnvelopePublisher {
  private final List<OutboundMessage> messages = new ArrayList<>();
  private int failFrom = Integer.MAX_VALUE;
  private int flushes;
  private boolean closed;

  RecordingPublisher failingFrom(int index) {
    this.failFrom = index;
    return this;
  }

  synchronized List<OutboundMessage> messages() {
    return List.copyOf(messages);
  }

  synchronized int flushes() {
    return flushes;
  }

  synchronized boolean closed() {
    return closed;
  }

  @Override
  public synchronized CompletableFuture<String> publish(OutboundMessage message) {
    int index = messages.size();
    messages.add(message);
    if (index >= failFrom) {
      return CompletableFuture.failedFuture(new IllegalStateException("publish refused (test)"));
    }
    return CompletableFuture.completedFuture("m-" + index);
  }

  @Override
  public synchronized void flush() {
    flushes++;
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "recording-publisher";
  }
}

package io.github.tweetsentiment.ingest;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.api.gax.batching.BatchingSettings;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Publishes to a Pub/Sub topic with google-cloud-pubsub's batching {@link Publisher}. Build one per
 * instance: the publisher keeps its channel and threads for reuse.
 */
public final class PubSubEnvelopePublisher implements EnvelopePublisher {
  /** A run publishes up to 100 tweets a page: send them in batches of up to 100. */
  static final BatchingSettings BATCHING =
      BatchingSettings.newBuilder()
          .setElementCountThreshold(100L)
          .setRequestByteThreshold(1_000_000L)
          .setDelayThresholdDuration(Duration.ofMillis(20))
          .build();

  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

  private final Publisher publisher;
  private final ManagedChannel emulatorChannel;

  private PubSubEnvelopePublisher(Publisher publisher, ManagedChannel emulatorChannel) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.emulatorChannel = emulatorChannel;
  }

  /**
   * A publisher for {@code topic} ({@code projects/P/topics/T}). When {@code emulatorHost} (from
   * {@code PUBSUB_EMULATOR_HOST}) is set it talks plaintext to the emulator without credentials:
   * the Java client, unlike the gcloud CLI and other languages' clients, does not do that by
   * itself.
   */
  public static PubSubEnvelopePublisher open(String topic, String emulatorHost) throws IOException {
    Publisher.Builder builder = Publisher.newBuilder(topic).setBatchingSettings(BATCHING);
    ManagedChannel channel = null;
    if (emulatorHost != null && !emulatorHost.isBlank()) {
      channel = ManagedChannelBuilder.forTarget(emulatorHost.strip()).usePlaintext().build();
      builder
          .setChannelProvider(
              FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
          .setCredentialsProvider(NoCredentialsProvider.create());
    }
    try {
      return new PubSubEnvelopePublisher(builder.build(), channel);
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        channel.shutdownNow();
      }
      throw e;
    }
  }

  @Override
  public CompletableFuture<String> publish(OutboundMessage message) {
    PubsubMessage pubsubMessage =
        PubsubMessage.newBuilder()
            .setData(ByteString.copyFromUtf8(message.data()))
            .putAllAttributes(message.attributes())
            .build();
    CompletableFuture<String> result = new CompletableFuture<>();
    ApiFuture<String> future;
    try {
      future = publisher.publish(pubsubMessage);
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
      return result;
    }
    ApiFutures.addCallback(
        future,
        new ApiFutureCallback<>() {
          @Override
          public void onSuccess(String messageId) {
            result.complete(messageId);
          }

          @Override
          public void onFailure(Throwable t) {
            result.completeExceptionally(t);
          }
        },
        MoreExecutors.directExecutor());
    return result;
  }

  @Override
  public void flush() {
    publisher.publishAllOutstanding();
  }

  @Override
  public void close() {
    publisher.shutdown();
    try {
      publisher.awaitTermination(SHUTDOWN_WAIT.toSeconds(), TimeUnit.SECONDS);
      if (emulatorChannel != null) {
        emulatorChannel.shutdown().awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "pubsub:" + publisher.getTopicNameString();
  }
}

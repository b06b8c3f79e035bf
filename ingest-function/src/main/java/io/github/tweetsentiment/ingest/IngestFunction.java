package io.github.tweetsentiment.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import io.github.tweetsentiment.core.TweetJson;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP Cloud Function Cloud Scheduler calls every minute (with an OIDC token, checked by Cloud
 * Run IAM before the request gets here). Each call runs one {@link Ingester} poll and answers 200
 * with a JSON summary, or a 5xx when the run failed, so that Scheduler records the failure and
 * retries.
 *
 * <p>Entry point: {@code io.github.tweetsentiment.ingest.IngestFunction}.
 */
public final class IngestFunction implements HttpFunction {
  private static final Logger LOG = LoggerFactory.getLogger(IngestFunction.class);

  /**
   * Holder idiom: the runtime is built once per instance, on first use, from the environment. A
   * configuration error fails here, at instance start, naming the variable.
   */
  private static final class Instance {
    static final IngestRuntime RUNTIME = start();

    private static IngestRuntime start() {
      try {
        IngestRuntime runtime = IngestRuntime.fromEnvironment(System.getenv());
        Runtime.getRuntime().addShutdownHook(new Thread(runtime::close, "ingest-shutdown"));
        return runtime;
      } catch (RuntimeException e) {
        LOG.error("Cannot start the ingest function: {}", e.getMessage());
        throw e;
      }
    }
  }

  private final Ingester ingester;

  /** The constructor the Functions Framework calls. */
  public IngestFunction() {
    this(Instance.RUNTIME.ingester());
  }

  IngestFunction(Ingester ingester) {
    this.ingester = Objects.requireNonNull(ingester, "ingester");
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws IOException {
    String method = request.getMethod();
    if (!"POST".equals(method) && !"GET".equals(method)) {
      response.appendHeader("Allow", "GET, POST");
      respond(response, 405, error("method_not_allowed", "use POST (Cloud Scheduler) or GET"));
      return;
    }
    try {
      RunResult result = ingester.run();
      respond(response, 200, result.toJson());
    } catch (XApiException e) {
      boolean operatorAction =
          switch (e.kind()) {
            case UNAUTHORIZED, FORBIDDEN, PAYMENT_REQUIRED, BAD_REQUEST -> true;
            default -> false;
          };
      LOG.atError()
          .addKeyValue("x_status", e.status())
          .addKeyValue("x_error", e.kind().name())
          .log("X API call failed: {}", e.getMessage());
      // 500: the operator must fix something. 502: X failed; Scheduler's retry may succeed.
      respond(
          response,
          operatorAction ? 500 : 502,
          error(e.kind().name().toLowerCase(Locale.ROOT), e.getMessage()));
    } catch (PublishException e) {
      LOG.atError()
          .addKeyValue("failed", e.failed())
          .addKeyValue("total", e.total())
          .setCause(e.getCause())
          .log("Publishing failed: {}", e.getMessage());
      respond(response, 503, error("publish_failed", e.getMessage()));
    } catch (CheckpointException e) {
      LOG.atError().setCause(e).log("Checkpoint store failed: {}", e.getMessage());
      respond(response, 503, error("checkpoint_failed", e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      respond(response, 503, error("interrupted", "the run was interrupted"));
    } catch (RuntimeException e) {
      LOG.atError().setCause(e).log("Run failed: {}", e.toString());
      respond(response, 500, error("internal", e.getClass().getSimpleName()));
    }
  }

  private static ObjectNode error(String code, String message) {
    ObjectNode node = TweetJson.mapper().createObjectNode();
    node.put("status", "error");
    node.put("error", code);
    node.put("message", message);
    return node;
  }

  private static void respond(HttpResponse response, int status, ObjectNode body)
      throws IOException {
    response.setStatusCode(status);
    response.setContentType("application/json; charset=utf-8");
    Writer writer = response.getWriter();
    writer.write(TweetJson.toJson(body));
    writer.write('\n');
  }
}

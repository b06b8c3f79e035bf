package io.github.tweetsentiment.inference;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.IdTokenCredentials;
import com.google.auth.oauth2.IdTokenProvider;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link SentimentClient} authenticates to the endpoint. Cloud Run services refuse
 * unauthenticated calls, so the default for non-loopback endpoints is {@link #googleIdToken()}.
 *
 * <p>Instances are immutable descriptions; the client binds one to its endpoint when it is built.
 * {@link #toString()} never reveals a token.
 */
public abstract class Auth {

  private Auth() {}

  /** No {@code Authorization} header. The default for loopback endpoints ({@code localhost}). */
  public static Auth none() {
    return None.INSTANCE;
  }

  /**
   * A fixed {@code Authorization: Bearer <token>} header, for gateways or Vertex AI with a token
   * obtained elsewhere. The token is never logged nor put into exception messages.
   */
  public static Auth bearer(String token) {
    Objects.requireNonNull(token, "token");
    if (token.isBlank() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      throw new IllegalArgumentException(
          "bearer token must be non-blank printable ASCII without spaces");
    }
    return new Bearer(token);
  }

  /**
   * A Google-signed ID token from Application Default Credentials, with the endpoint's origin
   * ({@code https://host}) as audience, which is what Cloud Run checks. On Dataflow, ADC is the
   * worker service account, which needs {@code roles/run.invoker} on the service. Tokens are cached
   * and refreshed before they expire by google-auth-library's {@link IdTokenCredentials}.
   */
  public static Auth googleIdToken() {
    return new GoogleIdToken(null, null);
  }

  /**
   * Like {@link #googleIdToken()}, with an explicit audience (a Cloud Run custom audience, or the
   * service URL when the client goes through a proxy).
   */
  public static Auth googleIdToken(String audience) {
    return new GoogleIdToken(null, requireAudience(audience));
  }

  /**
   * ID tokens from the given provider rather than from ADC: a {@code ServiceAccountCredentials}
   * loaded from a key, {@code ImpersonatedCredentials}, or a test double. A null {@code audience}
   * means the endpoint's origin.
   */
  public static Auth googleIdToken(IdTokenProvider provider, String audience) {
    Objects.requireNonNull(provider, "provider");
    return new GoogleIdToken(provider, audience == null ? null : requireAudience(audience));
  }

  /**
   * Binds this mode to an endpoint, loading credentials where needed.
   *
   * @param origin the endpoint's {@code scheme://host[:port]}, the default ID-token audience
   */
  abstract Authorizer bind(String origin);

  /** Whether requests carry a credential (and so must not travel over plain http). */
  boolean sendsCredentials() {
    return true;
  }

  /** What to tell the user when the endpoint answers 401 or 403. */
  String refusalHint() {
    return "";
  }

  /** Produces the {@code Authorization} header value for one request, or null for none. */
  @FunctionalInterface
  interface Authorizer {
    String authorization() throws IOException;
  }

  private static String requireAudience(String audience) {
    Objects.requireNonNull(audience, "audience");
    if (audience.isBlank()) {
      throw new IllegalArgumentException("ID token audience must not be blank");
    }
    return audience;
  }

  private static final class None extends Auth {
    static final None INSTANCE = new None();

    @Override
    Authorizer bind(String origin) {
      return () -> null;
    }

    @Override
    boolean sendsCredentials() {
      return false;
    }

    @Override
    String refusalHint() {
      return "; the endpoint needs credentials: use Auth.googleIdToken() or Auth.bearer(token)";
    }

    @Override
    public String toString() {
      return "Auth.none()";
    }
  }

  private static final class Bearer extends Auth {
    private final String header;

    Bearer(String token) {
      this.header = "Bearer " + token;
    }

    @Override
    Authorizer bind(String origin) {
      return () -> header;
    }

    @Override
    public String toString() {
      return "Auth.bearer(<redacted>)";
    }
  }

  private static final class GoogleIdToken extends Auth {
    private final IdTokenProvider provider;
    private final String audience;

    GoogleIdToken(IdTokenProvider provider, String audience) {
      this.provider = provider;
      this.audience = audience;
    }

    @Override
    Authorizer bind(String origin) {
      String target = audience != null ? audience : origin;
      IdTokenProvider source = provider != null ? provider : applicationDefault();
      // IdTokenCredentials (an OAuth2Credentials) caches the token and refreshes it ahead of
      // expiry: blocking once it is within the expiration margin, in the background before that.
      IdTokenCredentials credentials =
          IdTokenCredentials.newBuilder()
              .setIdTokenProvider(source)
              .setTargetAudience(target)
              .build();
      URI uri = URI.create(origin);
      return () -> authorizationOf(credentials.getRequestMetadata(uri), target);
    }

    @Override
    String refusalHint() {
      return "; on Cloud Run grant the caller's service account roles/run.invoker on the service"
          + " and check the audience";
    }

    private static IdTokenProvider applicationDefault() {
      GoogleCredentials adc;
      try {
        adc = GoogleCredentials.getApplicationDefault();
      } catch (IOException e) {
        throw new IllegalStateException(
            "Auth.googleIdToken() found no Application Default Credentials: on GCP run as a"
                + " service account with roles/run.invoker on the service; locally run `gcloud auth"
                + " application-default login`, set GOOGLE_APPLICATION_CREDENTIALS, or use"
                + " Auth.none() for a local endpoint ("
                + e.getMessage()
                + ")",
            e);
      }
      if (adc instanceof IdTokenProvider idTokens) {
        return idTokens;
      }
      throw new IllegalStateException(
          "Application Default Credentials of type "
              + adc.getClass().getSimpleName()
              + " cannot mint ID tokens: use a service account, user or impersonated credential,"
              + " or pass Auth.googleIdToken(provider, audience) or Auth.bearer(token)");
    }

    private static String authorizationOf(Map<String, List<String>> metadata, String audience)
        throws IOException {
      List<String> values = metadata == null ? null : metadata.get("Authorization");
      if (values == null || values.isEmpty()) {
        throw new IOException("credentials returned no ID token for audience " + audience);
      }
      return values.get(0);
    }

    @Override
    public String toString() {
      return "Auth.googleIdToken("
          + (audience == null ? "audience=<endpoint origin>" : "audience=" + audience)
          + (provider == null ? ", ADC" : ", " + provider.getClass().getSimpleName())
          + ")";
    }
  }
}

package io.github.tweetsentiment.localrun.view;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.PrintStream;
import java.net.URI;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Serves the live page on 127.0.0.1 (Javalin, as the sentiment service): the page, its script, its
 * style sheet, Chart.js, and {@code GET /api/state}, the run's {@link ViewState} as JSON.
 *
 * <p>Loopback only, and only for requests addressed to it by name ({@code 127.0.0.1} or {@code
 * localhost} with the port), so that a web page elsewhere cannot read the run through DNS
 * rebinding. A Content-Security-Policy allows nothing but this server's own scripts and requests.
 */
final class ViewServer implements AutoCloseable {

  static final String HOST = "127.0.0.1";

  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
          + " img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final Javalin app;
  private final URI uri;

  private ViewServer(Javalin app) {
    this.app = app;
    this.uri = URI.create("http://" + HOST + ":" + app.port() + "/");
  }

  /**
   * Starts serving {@code state} on {@code port} (0 for any free port). When the port cannot be
   * had, says so on {@code out} and returns null: the run goes on without its page.
   */
  static ViewServer start(int port, Supplier<ViewState> state, PrintStream out) {
    PageAssets assets = PageAssets.load();
    String page =
        assets
            .html()
            .replace(PageAssets.STYLE_SLOT, "<link rel=\"stylesheet\" href=\"view.css\">")
            .replace(
                PageAssets.SCRIPTS_SLOT,
                "<script src=\"chart.umd.min.js\"></script>\n<script src=\"view.js\"></script>");
    Javalin app =
        Javalin.create(
            cfg -> {
              cfg.showJavalinBanner = false;
              cfg.startupWatcherEnabled = false;
              cfg.router.mount(
                  router -> {
                    router.before(ViewServer::checkHostAndSecure);
                    router.get("/", ctx -> ctx.html(page));
                    router.get("/view.js", ctx -> script(ctx, assets.script()));
                    router.get("/chart.umd.min.js", ctx -> script(ctx, assets.chartJs()));
                    router.get(
                        "/view.css",
                        ctx -> ctx.contentType("text/css; charset=utf-8").result(assets.style()));
                    router.get(
                        "/api/state",
                        ctx ->
                            ctx.header("Cache-Control", "no-store")
                                .contentType("application/json; charset=utf-8")
                                .result(ViewJson.write(state.get())));
                  });
            });
    try {
      app.start(HOST, port);
    } catch (RuntimeException e) {
      app.stop();
      out.printf(
          "Could not serve the live page on %s:%d (%s); the run goes on without it"
              + " (--viewPort=N picks another port, 0 none)%n",
          HOST, port, e.getMessage());
      return null;
    }
    ViewServer server = new ViewServer(app);
    out.printf("Live page: %s%n", server.uri());
    return server;
  }

  private static void script(Context ctx, String source) {
    ctx.contentType("text/javascript; charset=utf-8").result(source);
  }

  private static void checkHostAndSecure(Context ctx) {
    String host = ctx.header("Host");
    String name = host == null ? "" : host.replaceFirst(":\\d+$", "");
    if (!Set.of(HOST, "localhost").contains(name)) {
      ctx.status(HttpStatus.FORBIDDEN).result("this page answers only at " + HOST);
      ctx.skipRemainingHandlers();
      return;
    }
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
  }

  URI uri() {
    return uri;
  }

  @Override
  public void close() {
    app.stop();
  }
}

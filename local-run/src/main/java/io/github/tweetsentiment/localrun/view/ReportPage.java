package io.github.tweetsentiment.localrun.view;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * {@code report.html}: the live page made self-contained, for after the run. The same template,
 * script and style sheet, with Chart.js and the final {@link ViewState} inlined, so it opens from
 * the file system with no server and no network. A Content-Security-Policy lets only those two
 * scripts run (by their hashes) and load nothing from anywhere.
 */
final class ReportPage {

  private ReportPage() {}

  static void write(Path file, ViewState state) throws IOException {
    Files.writeString(file, html(PageAssets.load(), state), StandardCharsets.UTF_8);
  }

  static String html(PageAssets assets, ViewState state) {
    String chartJs = inlineable(assets.chartJs(), "Chart.js");
    String script = inlineable(assets.script(), "view.js");
    String policy =
        "default-src 'none'; script-src "
            + hash(chartJs)
            + " "
            + hash(script)
            + "; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";
    return assets
        .html()
        .replace(
            PageAssets.STYLE_SLOT,
            "<meta http-equiv=\"Content-Security-Policy\" content=\""
                + policy
                + "\">\n<style>\n"
                + assets.style()
                + "</style>")
        .replace(
            PageAssets.SCRIPTS_SLOT,
            "<script id=\"run-data\" type=\"application/json\">"
                + ViewJson.writeForScript(state)
                + "</script>\n<script>"
                + chartJs
                + "</script>\n<script>"
                + script
                + "</script>");
  }

  /** A script's source, checked to be safe to put between script tags as it is. */
  private static String inlineable(String source, String what) {
    if (source.toLowerCase(Locale.ROOT).contains("</script")) {
      throw new IllegalStateException(what + " contains </script and cannot be inlined as it is");
    }
    return source;
  }

  private static String hash(String script) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
      return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}

package io.github.tweetsentiment.localrun.view;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The page's files, read from the jar: the HTML template, its script and style sheet (in this
 * package's resources) and Chart.js from its WebJar ({@code org.webjars.npm:chart.js}, decision
 * 0060). Missing files fail loudly: a jar without them is broken.
 */
record PageAssets(String html, String script, String style, String chartJs, String chartJsVersion) {

  private static final String HERE = "/io/github/tweetsentiment/localrun/view/";
  private static final String WEBJAR = "/META-INF/resources/webjars/chart.js/";
  private static final String WEBJAR_POM =
      "/META-INF/maven/org.webjars.npm/chart.js/pom.properties";

  /** Where the template takes the style sheet, scripts and data. */
  static final String STYLE_SLOT = "<!-- style -->";

  static final String SCRIPTS_SLOT = "<!-- scripts -->";

  static PageAssets load() {
    String version = webJarVersion();
    return new PageAssets(
        read(HERE + "page.html"),
        read(HERE + "view.js"),
        read(HERE + "view.css"),
        read(WEBJAR + version + "/dist/chart.umd.min.js"),
        version);
  }

  private static String webJarVersion() {
    Properties pom = new Properties();
    try (InputStream in = open(WEBJAR_POM)) {
      pom.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + WEBJAR_POM, e);
    }
    return pom.getProperty("version");
  }

  private static String read(String resource) {
    try (InputStream in = open(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + resource, e);
    }
  }

  private static InputStream open(String resource) {
    InputStream in = PageAssets.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException(
          resource + " is missing from the classpath: rebuild local-run (the page needs it)");
    }
    return in;
  }
}

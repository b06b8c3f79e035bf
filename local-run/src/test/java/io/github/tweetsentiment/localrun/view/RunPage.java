package io.github.tweetsentiment.localrun.view;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What the page shows, read from its DOM and its charts in a real browser. */
public final class RunPage {

  private final WebDriver driver;

  public RunPage(WebDriver driver) {
    this.driver = driver;
  }

  private Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  /** Waits until the page shows {@code status} (running, finished, failed). */
  public void awaitStatus(String status, Duration timeout) {
    new WebDriverWait(driver, timeout).until(d -> status.equals(status()));
  }

  public String status() {
    return driver.findElement(By.id("status")).getText();
  }

  /** Waits until the charts show every one of {@code queries}, each with a window at least. */
  public void awaitCharts(List<String> queries, Duration timeout) {
    new WebDriverWait(driver, timeout).until(d -> chartedQueries().containsAll(queries));
  }

  /** The queries with a chart that has data. */
  @SuppressWarnings("unchecked")
  public List<String> chartedQueries() {
    return (List<String>)
        js(
            "return Array.from(document.querySelectorAll('#queries canvas'))"
                + ".map(c => Chart.getChart(c)).filter(c => c && c.data.datasets[3].data"
                + ".some(v => v > 0)).map(c => c.$query);");
  }

  /** Per query, the pane timing of each window the chart draws (null where none). */
  public Map<String, List<String>> chartPanes() {
    return perChart("c.$points.map(p => p ? p.paneTiming : null)");
  }

  /**
   * Per query, the estimate whiskers its chart drew: "label share low high" in percent, rounded to
   * 0.001 (both sides round the same way), in window order.
   */
  public Map<String, List<String>> whiskers() {
    return perChart(
        "(c.$whiskers || [])"
            + ".map(w => [w.label, w.share, w.low, w.high].map(v => typeof v === 'number'"
            + " ? Math.round(v * 1000) : v).join(' '))");
  }

  /** Per query, in chart order, the list that {@code list} (a script of chart {@code c}) gives. */
  @SuppressWarnings("unchecked")
  private Map<String, List<String>> perChart(String list) {
    List<List<Object>> rows =
        (List<List<Object>>)
            js(
                "return Array.from(document.querySelectorAll('#queries canvas'))"
                    + ".map(c => Chart.getChart(c)).map(c => [c.$query, "
                    + list
                    + "]);");
    Map<String, List<String>> byQuery = new LinkedHashMap<>();
    rows.forEach(r -> byQuery.put((String) r.get(0), (List<String>) r.get(1)));
    return byQuery;
  }

  /** The heading of each query's chart, as text. */
  @SuppressWarnings("unchecked")
  public List<String> chartHeadings() {
    return (List<String>)
        js("return Array.from(document.querySelectorAll('#queries h3')).map(h => h.textContent);");
  }

  /** The totals by their data-total key, as numbers. */
  @SuppressWarnings("unchecked")
  public Map<String, Double> totals() {
    Map<String, Object> raw =
        (Map<String, Object>)
            js(
                "const t = {}; document.querySelectorAll('[data-total]').forEach(e =>"
                    + " t[e.dataset.total] = e.querySelector('.value').textContent); return t;");
    Map<String, Double> totals = new LinkedHashMap<>();
    raw.forEach((k, v) -> totals.put(k, Double.valueOf(((String) v).replace(",", ""))));
    return totals;
  }

  @SuppressWarnings("unchecked")
  public List<String> tweetTexts() {
    return (List<String>)
        js(
            "return Array.from(document.querySelectorAll('#tweets td.text')).map(e => e.textContent);");
  }

  @SuppressWarnings("unchecked")
  public List<String> deadLetterPayloads() {
    return (List<String>)
        js(
            "return Array.from(document.querySelectorAll('#dead-letters td.payload'))"
                + ".map(e => e.textContent);");
  }

  /** What a hostile text set on window.__pwned if any ran: "undefined" when none did. */
  public String pwned() {
    return String.valueOf(js("return String(window.__pwned);"));
  }

  /** Elements inside the cells that hold text from the run: 0 when all of it went in as text. */
  public long elementsInsideTextCells() {
    return (Long)
        js(
            "return document.querySelectorAll('td.text *, td.payload *, #queries h3 *, img,"
                + " #error *').length;");
  }

  /** Every resource the page loaded (scripts, styles, requests), as URLs. */
  @SuppressWarnings("unchecked")
  public List<String> resources() {
    return (List<String>) js("return performance.getEntriesByType('resource').map(e => e.name);");
  }

  private static final Pattern SUMMARY_ROW = Pattern.compile("(?m)^ {2,}(\\S.*?) {2,}([\\d,]+)$");

  /** The summary's rows that the page has as totals, by the page's keys. */
  public static Map<String, Double> summaryTotals(String printed) {
    Map<String, String> keys =
        Map.ofEntries(
            Map.entry("messages read", "read"),
            Map.entry("tweets parsed", "parsed"),
            Map.entry("duplicates dropped", "duplicates"),
            Map.entry("filtered out", "filtered"),
            Map.entry("tweets scored", "scored"),
            Map.entry("negative", "negative"),
            Map.entry("neutral", "neutral"),
            Map.entry("positive", "positive"),
            Map.entry("inference failures", "inferenceFailures"),
            Map.entry("window rows written", "windowRows"),
            Map.entry("too late for windows", "tooLateForWindows"),
            Map.entry("dead letters", "deadLetters"));
    Map<String, Double> totals = new LinkedHashMap<>();
    Matcher m = SUMMARY_ROW.matcher(printed.substring(printed.lastIndexOf("Pipeline ")));
    while (m.find()) {
      String key = keys.get(m.group(1).strip());
      if (key != null) {
        totals.put(key, Double.valueOf(m.group(2).replace(",", "")));
      }
    }
    return totals;
  }
}

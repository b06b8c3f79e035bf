package io.github.tweetsentiment.tools;

import io.github.tweetsentiment.core.ShiftDetector;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How {@link ShiftDetector} does on simulated windows: false alarms per 1,000 stable windows, and
 * how many windows after a real swing it takes to raise the alert (decision 0088).
 *
 * <pre>{@code
 * java -cp sentiment-tools/target/sentiment-tools.jar:... \
 *   io.github.tweetsentiment.tools.ShiftSimulation [--k=1.25] [--h=3] [--seeds=1000]
 * }</pre>
 *
 * <p>A window's share is drawn as the share of {@code n / designEffect} independent draws: design
 * effect 1 is the label counts, 3 the estimated (corrected) shares, whose intervals count a third
 * of the tweets (docs/model.md).
 */
@Command(
    name = "ShiftSimulation",
    description =
        "False alarms and detection delay of the per-query shift detector on simulated windows.")
public final class ShiftSimulation extends ToolCommand {

  @Option(names = "--k", defaultValue = "1.25", description = "CUSUM allowance, standard errors")
  double k;

  @Option(names = "--h", defaultValue = "3", description = "CUSUM threshold")
  double h;

  @Option(names = "--alpha", defaultValue = "0.05", description = "baseline weight of a window")
  double alpha;

  @Option(names = "--warmUp", defaultValue = "10", description = "windows that set the baseline")
  int warmUp;

  @Option(names = "--tweets", split = ",", defaultValue = "10,30,100", description = "per window")
  List<Integer> tweets;

  @Option(names = "--before", defaultValue = "0.25", description = "the share before the swing")
  double before;

  @Option(names = "--after", defaultValue = "0.50", description = "the share after the swing")
  double after;

  @Option(names = "--stableWindows", defaultValue = "1000", description = "windows per stable run")
  int stableWindows;

  @Option(names = "--seeds", defaultValue = "1000", description = "runs of each kind")
  int seeds;

  public static void main(String[] argv) {
    System.exit(new CommandLine(new ShiftSimulation()).execute(argv));
  }

  /** What one kind of stream gave. */
  record Figures(double falseAlarmsPer1000, double within3, double medianDelay) {}

  @Override
  public Integer call() {
    ShiftDetector.Settings settings = new ShiftDetector.Settings(k, h, alpha, warmUp);
    System.out.printf(
        Locale.ROOT,
        "k %.2f, h %.2f, alpha %.2f, warm-up %d; %d runs of %d stable windows at %.2f; swing"
            + " %.2f -> %.2f after 30 windows%n%n",
        k,
        h,
        settings.alpha(),
        settings.warmUp(),
        seeds,
        stableWindows,
        before,
        before,
        after);
    System.out.println(
        "| shares | tweets a window | false alarms / 1,000 stable windows | swing found within 3"
            + " windows | median delay (windows) |");
    System.out.println("| --- | ---: | ---: | ---: | ---: |");
    for (double designEffect : new double[] {1, 3}) {
      for (int n : tweets) {
        Figures f = simulate(settings, n, designEffect);
        System.out.printf(
            Locale.ROOT,
            "| %s | %d | %.2f | %.1f %% | %.0f |%n",
            designEffect == 1 ? "label counts" : "estimated (design effect 3)",
            n,
            f.falseAlarmsPer1000(),
            100 * f.within3(),
            f.medianDelay());
      }
    }
    return 0;
  }

  Figures simulate(ShiftDetector.Settings settings, int n, double designEffect) {
    int draws = Math.max(1, (int) Math.round(n / designEffect));
    long alarms = 0;
    long watched = 0;
    int within3 = 0;
    int[] delays = new int[seeds];
    for (int seed = 0; seed < seeds; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      ShiftDetector d = ShiftDetector.start(settings);
      for (int w = 0; w < stableWindows; w++) {
        ShiftDetector.Step step = d.observe(share(random, draws, before), n, designEffect);
        d = step.next();
        if (w >= settings.warmUp()) {
          watched++;
          alarms += step.alert().isPresent() ? 1 : 0;
        }
      }
      d = ShiftDetector.start(settings);
      for (int w = 0; w < 30; w++) {
        d = d.observe(share(random, draws, before), n, designEffect).next();
      }
      int delay = 0;
      while (delay < 1000) {
        delay++;
        ShiftDetector.Step step = d.observe(share(random, draws, after), n, designEffect);
        d = step.next();
        if (step.alert().isPresent()) {
          break;
        }
      }
      delays[seed] = delay;
      within3 += delay <= 3 ? 1 : 0;
    }
    Arrays.sort(delays);
    return new Figures(1000.0 * alarms / watched, (double) within3 / seeds, delays[seeds / 2]);
  }

  private static double share(SplittableRandom random, int draws, double p) {
    int hits = 0;
    for (int i = 0; i < draws; i++) {
      hits += random.nextDouble() < p ? 1 : 0;
    }
    return (double) hits / draws;
  }
}

package org.segstream.cli.bench;

import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/**
 * The mean of a figure measured in several rounds and its 95 % confidence interval (Student's t):
 * this VM's speed moves between rounds by more than some goals leave room for, so a mean alone
 * cannot say whether a goal is met, and the interval says whether these rounds can.
 */
record MeanInterval(double mean, double low, double high, int count, String of) {

  /** Of at least two rounds' values. */
  static MeanInterval of(List<Double> values) {
    return of(values, "rounds");
  }

  /** Of at least two values, each from one of what {@code of} names (rounds, runs). */
  static MeanInterval of(List<Double> values, String of) {
    if (values.size() < 2) {
      throw new IllegalArgumentException("an interval needs at least two " + of + ", got " + values.size());
    }
    SummaryStatistics stats = new SummaryStatistics();
    values.forEach(stats::addValue);
    double t = new TDistribution(values.size() - 1).inverseCumulativeProbability(0.975);
    double half = t * stats.getStandardDeviation() / Math.sqrt(values.size());
    return new MeanInterval(stats.getMean(), stats.getMean() - half, stats.getMean() + half, values.size(), of);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "mean %.3f, 95%% confidence interval %.3f–%.3f (Student's t over %d %s)",
        mean, low, high, count, of);
  }
}

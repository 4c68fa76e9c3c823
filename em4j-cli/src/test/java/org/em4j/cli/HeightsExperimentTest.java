package org.em4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.em4j.data.Dataset;
import org.em4j.gaussian.GaussianFamily;
import org.em4j.gaussian.GaussianParameters;
import org.em4j.report.Diagnostics;
import org.junit.jupiter.api.Test;

/**
 * The heights demo's numbers are computed: checked against an independent, plain univariate EM
 * written out below (the textbook updates, no engine, no statistics objects) run on the same
 * generated data from the same starts.
 */
class HeightsExperimentTest {
  private static final Diagnostics THRESHOLDS = new Diagnostics(0.05, 0.2);

  private static HeightsExperiment.Settings settings(long seed, int samples) {
    return new HeightsExperiment.Settings(1000, 176, 8, 164, 6, 0.6, seed,
        new int[] {100, 200, 300}, samples, 3, 5000, 1e-7, THRESHOLDS, 1);
  }

  /** Two-component univariate EM, as in any textbook, with em4j's stopping rule. */
  static final class PlainEm {
    double[] w;
    double[] mu;
    double[] var;
    double logLikelihood;
    int iterations;
    boolean converged;

    PlainEm(double[] w, double[] mu, double[] var) {
      this.w = w.clone();
      this.mu = mu.clone();
      this.var = var.clone();
    }

    /** E-step: responsibilities of component 0, and the log-likelihood. */
    double eStep(double[] x, double[] r0) {
      double ll = 0;
      for (int i = 0; i < x.length; i++) {
        double a = Math.log(w[0]) - 0.5 * Math.log(2 * Math.PI * var[0])
            - 0.5 * (x[i] - mu[0]) * (x[i] - mu[0]) / var[0];
        double b = Math.log(w[1]) - 0.5 * Math.log(2 * Math.PI * var[1])
            - 0.5 * (x[i] - mu[1]) * (x[i] - mu[1]) / var[1];
        double m = Math.max(a, b);
        double lse = m + Math.log(Math.exp(a - m) + Math.exp(b - m));
        r0[i] = Math.exp(a - lse);
        ll += lse;
      }
      return ll;
    }

    void mStep(double[] x, double[] r0) {
      double n0 = 0;
      double s0 = 0;
      double s1 = 0;
      for (int i = 0; i < x.length; i++) {
        n0 += r0[i];
        s0 += r0[i] * x[i];
        s1 += (1 - r0[i]) * x[i];
      }
      double n1 = x.length - n0;
      double m0 = s0 / n0;
      double m1 = s1 / n1;
      double q0 = 0;
      double q1 = 0;
      for (int i = 0; i < x.length; i++) {
        q0 += r0[i] * (x[i] - m0) * (x[i] - m0);
        q1 += (1 - r0[i]) * (x[i] - m1) * (x[i] - m1);
      }
      w = new double[] {n0 / x.length, n1 / x.length};
      mu = new double[] {m0, m1};
      var = new double[] {q0 / n0 + GaussianFamily.DEFAULT_REGULARIZATION,
          q1 / n1 + GaussianFamily.DEFAULT_REGULARIZATION};
    }

    /** Runs until the mean log-likelihood changes by less than {@code tol}, or maxIter. */
    PlainEm run(double[] x, int maxIter, double tol) {
      double[] r0 = new double[x.length];
      double previous = Double.NaN;
      for (int it = 0; ; it++) {
        double ll = eStep(x, r0);
        logLikelihood = ll;
        iterations = it;
        if (it > 0 && Math.abs(ll - previous) / x.length < tol) {
          converged = true;
          return this;
        }
        if (it >= maxIter) {
          return this;
        }
        mStep(x, r0);
        previous = ll;
      }
    }
  }

  private static PlainEm plain(double[] x, double m1, double m2) {
    double mean = 0;
    for (double v : x) {
      mean += v;
    }
    mean /= x.length;
    double ss = 0;
    for (double v : x) {
      ss += (v - mean) * (v - mean);
    }
    double var = ss / (x.length - 1);
    return new PlainEm(new double[] {0.5, 0.5}, new double[] {m1, m2}, new double[] {var, var});
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  private static void assertSame(PlainEm ref, GaussianParameters p, double tol, String what) {
    assertEquals(ref.mu[0], p.mean(0)[0], tol, what + ": mu_M");
    assertEquals(ref.mu[1], p.mean(1)[0], tol, what + ": mu_F");
    assertEquals(Math.sqrt(ref.var[0]), Math.sqrt(p.covariance(0)[0]), tol, what + ": sigma_M");
    assertEquals(Math.sqrt(ref.var[1]), Math.sqrt(p.covariance(1)[0]), tol, what + ": sigma_F");
    assertEquals(ref.w[0], p.weight(0), tol, what + ": pi_M");
  }

  @Test
  void estimatesAgreeWithAnIndependentEmOnTheSameData() {
    HeightsExperiment.Result r = HeightsExperiment.run(settings(7, 0));
    double[] x = r.data().values();
    double m = mean(x);
    // the textbook start: sample mean +- 10
    assertEquals(m + 10, r.textbook().start().mean(0)[0], 1e-9);
    assertEquals(m - 10, r.textbook().start().mean(1)[0], 1e-9);
    // checkpoints: after exactly 100, 200, 300 iterations
    int[] cps = {100, 200, 300};
    assertEquals(3, r.checkpoints().size());
    for (int i = 0; i < cps.length; i++) {
      PlainEm ref = plain(x, m + 10, m - 10).run(x, cps[i], 0);
      assertEquals(cps[i], ref.iterations);
      assertSame(ref, r.checkpoints().get(i), 1e-7, "after " + cps[i] + " iterations");
      assertEquals(ref.logLikelihood, r.checkpointLogLikelihoods().get(i), 1e-6);
    }
    // at convergence, with the same tolerance
    PlainEm conv = plain(x, m + 10, m - 10).run(x, 5000, 1e-7);
    assertTrue(conv.converged);
    assertEquals(conv.iterations, r.textbook().lastIteration());
    assertSame(conv, r.textbook().last(), 1e-7, "at convergence");
    assertEquals(conv.logLikelihood, r.textbook().logLikelihood(), 1e-6);
    // the unreasonable starts
    for (int s = 0; s < 2; s++) {
      double[] means = HeightsExperiment.UNREASONABLE[s];
      PlainEm ref = plain(x, means[0], means[1]).run(x, 5000, 1e-7);
      HeightsExperiment.Outcome o = r.starts().get(s);
      assertEquals(ref.iterations, o.lastIteration(), o.label());
      assertSame(ref, o.last(), 1e-6, o.label());
      assertEquals(ref.logLikelihood, o.logLikelihood(), 1e-6, o.label());
    }
  }

  @Test
  void theSampleFollowsTheSettingsAndTheSeed() {
    HeightsExperiment.Result a = HeightsExperiment.run(settings(11, 0));
    HeightsExperiment.Result b = HeightsExperiment.run(settings(12, 0));
    assertEquals(1000, a.data().rows());
    int men = 0;
    double sumMen = 0;
    for (int i = 0; i < 1000; i++) {
      if (a.men()[i]) {
        men++;
        sumMen += a.data().get(i, 0);
      }
    }
    assertEquals(600, men, 4 * Math.sqrt(1000 * 0.6 * 0.4), "share of men");
    assertEquals(176, sumMen / men, 4 * 8 / Math.sqrt(men), "mean height of men");
    assertFalse(a.data().get(0, 0) == b.data().get(0, 0), "another seed, another sample");
    HeightsExperiment.Result again = HeightsExperiment.run(settings(11, 0));
    assertArrayEquals(a.data().values(), again.data().values(), "the seed makes it reproducible");
    // the estimates are those of this sample, not of another one
    assertFalse(a.textbook().logLikelihood() == b.textbook().logLikelihood());
  }

  @Test
  void kmeansRestartsFindTheGoodSolution() {
    HeightsExperiment.Result r = HeightsExperiment.run(settings(1, 0));
    HeightsExperiment.Outcome km = r.kmeans();
    assertNotNull(km.model());
    assertTrue(km.findings().isEmpty(), "no degenerate component");
    for (HeightsExperiment.Outcome o : r.starts()) {
      if (o.collapsed()) {
        assertTrue(km.logLikelihood() > o.logLikelihood(),
            "k-means++ beats the collapsed " + o.label());
      }
    }
  }

  @Test
  void collapseCountsMatchAnIndependentCount() {
    HeightsExperiment.Settings s = settings(3, 4);
    HeightsExperiment.Result r = HeightsExperiment.run(s);
    List<Dataset> samples = HeightsExperiment.studySamples(s);
    assertEquals(4, samples.size());
    for (int start = 0; start < 2; start++) {
      int collapsed = 0;
      for (Dataset d : samples) {
        double[] x = d.values();
        double m = mean(x);
        double sd = Math.sqrt(plain(x, 0, 0).var[0]);
        double[] means = HeightsExperiment.UNREASONABLE[start];
        PlainEm e = plain(x, means[0], means[1]).run(x, 5000, 1e-7);
        boolean bad = false;
        for (int k = 0; k < 2; k++) {
          bad |= e.w[k] < 0.05 || Math.sqrt(e.var[k]) < 0.2 * sd;
        }
        if (bad) {
          collapsed++;
        }
        assertTrue(Double.isFinite(m));
      }
      assertEquals(collapsed, r.study().collapsed()[1 + start],
          "collapsed count of " + r.study().labels().get(1 + start));
    }
  }

  @Test
  void aFitThatDegeneratesIsReportedNotThrown() {
    HeightsExperiment.Settings s = settings(1, 0);
    Dataset data = HeightsExperiment.generate(s, new java.util.SplittableRandom(1),
        new boolean[1000]);
    // a start so far from the data that every log density underflows: EM cannot go on
    GaussianParameters start = HeightsExperiment.start(data, 1e160, -1e160);
    HeightsExperiment.Outcome o = HeightsExperiment.fitFrom(s, data, "far", start, false);
    assertNotNull(o.failure());
    assertTrue(o.collapsed());
    assertEquals(start, o.last());
    String line = HeightsTables.diagnosis(o, data);
    assertTrue(line.startsWith("EM degenerated at iteration 1"), line);
  }
}

package org.em4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.em4j.data.Dataset;
import org.em4j.gaussian.CovarianceType;
import org.em4j.gaussian.GaussianParameters;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.IntervalXYDataset;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYSeries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Charts: the expected series with values checked against closed forms, and non-empty files. */
class ChartsTest {
  private static final NormalMixture1D FITTED =
      new NormalMixture1D(new double[] {0.6, 0.4}, new double[] {176, 164}, new double[] {8, 6});

  private static double[] sample(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextDouble() < 0.6 ? 176 + 8 * r.nextGaussian() : 164 + 6 * r.nextGaussian();
    }
    return x;
  }

  private static double normalPdf(double x, double m, double s) {
    return Math.exp(-0.5 * (x - m) * (x - m) / (s * s)) / (s * Math.sqrt(2 * Math.PI));
  }

  @Test
  void densityChartHasEverySeriesAndTheirValuesAreTheDensities() {
    Chart c = Charts.density(sample(500, 1), "height", FITTED, FITTED);
    assertEquals(List.of("component 1", "component 2", Charts.MIXTURE, Charts.TRUE_DENSITY,
        Charts.HISTOGRAM), c.seriesNames());
    XYPlot plot = c.panels().get(0).getXYPlot();
    XYDataset lines = plot.getDataset(0);
    for (int i = 0; i < lines.getItemCount(0); i += 37) {
      double x = lines.getXValue(0, i);
      double c1 = 0.6 * normalPdf(x, 176, 8);
      double c2 = 0.4 * normalPdf(x, 164, 6);
      assertEquals(c1, lines.getYValue(0, i), 1e-12);
      assertEquals(c2, lines.getYValue(1, i), 1e-12);
      assertEquals(c1 + c2, lines.getYValue(2, i), 1e-12);
      assertEquals(c1 + c2, lines.getYValue(3, i), 1e-12);
    }
    // the histogram is scaled to unit area
    IntervalXYDataset hist = (IntervalXYDataset) plot.getDataset(1);
    double area = 0;
    for (int i = 0; i < hist.getItemCount(0); i++) {
      area += hist.getYValue(0, i) * (hist.getEndXValue(0, i) - hist.getStartXValue(0, i));
    }
    assertEquals(1.0, area, 1e-9);
  }

  @Test
  void densityWithoutTruthHasNoTrueDensitySeries() {
    Chart c = Charts.density(sample(200, 2), "height", FITTED, null);
    assertTrue(!c.seriesNames().contains(Charts.TRUE_DENSITY));
  }

  @Test
  void narrowComponentIsDrawnAtItsPeak() {
    NormalMixture1D spiky = new NormalMixture1D(new double[] {0.998, 0.002},
        new double[] {171, 152.3}, new double[] {9, 0.05});
    Chart c = Charts.density(sample(500, 3), "height", spiky, null);
    XYDataset lines = c.panels().get(0).getXYPlot().getDataset(0);
    double max = 0;
    for (int i = 0; i < lines.getItemCount(1); i++) {
      max = Math.max(max, lines.getYValue(1, i));
    }
    assertEquals(0.002 * normalPdf(152.3, 152.3, 0.05), max, 1e-9);
  }

  @Test
  void pngAndSvgFilesAreWrittenAndReadable(@TempDir Path dir) throws Exception {
    Chart c = Charts.density(sample(300, 4), "height", FITTED, null);
    Path png = dir.resolve("d.png");
    Path svg = dir.resolve("d.svg");
    c.writePng(png);
    c.writeSvg(svg);
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(c.width(), img.getWidth());
    assertEquals(c.height(), img.getHeight());
    String text = Files.readString(svg);
    assertTrue(text.startsWith("<?xml"));
    assertTrue(text.contains("<svg"));
    assertTrue(text.contains("fitted mixture"), "the legend is drawn");
    assertTrue(text.contains("component 2"));
  }

  @Test
  void pngIsNotBlank() throws Exception {
    byte[] bytes = Charts.logLikelihood(List.of(-10.0, -5.0, -4.0, -3.9)).toPng();
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
    int white = 0xffffffff;
    long other = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if (img.getRGB(x, y) != white) {
          other++;
        }
      }
    }
    assertTrue(other > 1000, "something is drawn: " + other + " pixels");
  }

  @Test
  void logLikelihoodChartHoldsTheTraceAndItsGains() {
    List<Double> trace = List.of(-100.0, -50.0, -45.0, -44.5, -44.45);
    Chart c = Charts.logLikelihood(trace);
    assertEquals(List.of(Charts.LOG_LIKELIHOOD, "log10 gain per iteration"), c.seriesNames());
    XYDataset ll = c.panels().get(0).getXYPlot().getDataset();
    for (int i = 0; i < trace.size(); i++) {
      assertEquals(i, ll.getXValue(0, i));
      assertEquals(trace.get(i), ll.getYValue(0, i));
    }
    XYDataset gain = c.panels().get(1).getXYPlot().getDataset();
    assertEquals(Math.log10(50), gain.getYValue(0, 0), 1e-12);
    assertEquals(Math.log10(0.05), gain.getYValue(0, 3), 1e-9);
  }

  @Test
  void gaussianTracesFollowTheParameters() {
    List<GaussianParameters> trace = List.of(
        new GaussianParameters(CovarianceType.FULL, 1, new double[] {0.5, 0.5},
            new double[] {180, 160}, new double[] {81, 81}),
        new GaussianParameters(CovarianceType.FULL, 1, new double[] {0.55, 0.45},
            new double[] {177, 165}, new double[] {64, 36}));
    Chart c = Charts.gaussianTraces(trace, List.of("height"), 4);
    assertEquals(3, c.panels().size());
    assertEquals(List.of("component 1", "component 2"), c.seriesNames());
    XYDataset means = c.panels().get(0).getXYPlot().getDataset();
    XYDataset sds = c.panels().get(1).getXYPlot().getDataset();
    XYDataset weights = c.panels().get(2).getXYPlot().getDataset();
    assertEquals(165, means.getYValue(1, 1));
    assertEquals(8, sds.getYValue(0, 1), 1e-12);
    assertEquals(6, sds.getYValue(1, 1), 1e-12);
    assertEquals(0.55, weights.getYValue(0, 1), 1e-12);
  }

  @Test
  void ellipsePointsLieOnTheMahalanobisContour() {
    double a = 4;
    double b = 1.5;
    double e = 1;
    XYSeries s = new XYSeries("e", false, true);
    Charts.ellipse(s, 1, -2, a, b, e, 2);
    double det = a * e - b * b;
    for (int i = 0; i < s.getItemCount(); i++) {
      double x = s.getX(i).doubleValue() - 1;
      double y = s.getY(i).doubleValue() + 2;
      double m = (e * x * x - 2 * b * x * y + a * y * y) / det;
      assertEquals(4.0, m, 1e-9);
    }
  }

  @Test
  void scatterHasPointsByComponentMeansAndEllipses() {
    double[] v = {0, 0, 1, 1, 0.5, 0.2, 10, 10, 11, 9, 10.5, 10.2};
    Dataset data = Dataset.of(v, 6, 2);
    int[] labels = {0, 0, 0, 1, 1, 1};
    GaussianParameters p = new GaussianParameters(CovarianceType.FULL, 2,
        new double[] {0.5, 0.5}, new double[] {0.5, 0.4, 10.5, 9.7},
        new double[] {1, 0.2, 0.2, 1, 2, 0, 0, 0.5});
    Chart c = Charts.scatter(data, labels, p, 0, 1);
    assertEquals(List.of("component 1", "component 2", Charts.MEANS, "component 1, 1 sd",
        "component 1, 2 sd", "component 2, 1 sd", "component 2, 2 sd"), c.seriesNames());
    XYDataset ds = c.panels().get(0).getXYPlot().getDataset();
    assertEquals(3, ds.getItemCount(0));
    assertEquals(3, ds.getItemCount(1));
    assertEquals(10.5, ds.getXValue(2, 1));
  }

  @Test
  void scatterMatrixHasOnePanelPerPairOfLeadingColumns() {
    SplittableRandom r = new SplittableRandom(5);
    int n = 50;
    int d = 5;
    double[] v = new double[n * d];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextGaussian();
    }
    double[] cov = new double[2 * d * d];
    double[] means = new double[2 * d];
    for (int c = 0; c < 2; c++) {
      for (int j = 0; j < d; j++) {
        cov[c * d * d + j * d + j] = 1;
        means[c * d + j] = c;
      }
    }
    GaussianParameters p = new GaussianParameters(CovarianceType.FULL, d,
        new double[] {0.5, 0.5}, means, cov);
    int[] labels = new int[n];
    Chart c = Charts.scatterMatrix(Dataset.of(v, n, d), labels, p, 4);
    assertEquals(16, c.panels().size());
    assertTrue(c.seriesNames().contains(Charts.HISTOGRAM));
    assertTrue(c.seriesNames().contains(Charts.MEANS));
  }

  @Test
  void componentProbabilitiesAreBarsPerComponent() {
    Chart c = Charts.componentProbabilities("Heads", List.of("coin A", "coin B"),
        new double[][] {{0.8, 0.3}, {0.45, 0.5}});
    assertEquals(List.of("component 1", "component 2"), c.seriesNames());
    assertEquals(0.3, c.panels().get(0).getCategoryPlot().getDataset().getValue(0, 1)
        .doubleValue());
    assertTrue(c.toSvg().contains("coin B"));
    assertThrows(IllegalArgumentException.class, () -> Charts.componentProbabilities("x",
        List.of("a"), new double[][] {{1.2}}));
    assertThrows(IllegalArgumentException.class, () -> Charts.componentProbabilities("x",
        List.of("a", "b"), new double[][] {{0.2}}));
  }

  @Test
  void criterionChartHasOneLinePerCriterion() {
    Chart c = Charts.criterionByComponents(new int[] {1, 2, 3}, List.of("BIC", "AIC"),
        new double[][] {{10, 5, 7}, {9, 4, 4.5}});
    assertEquals(List.of("BIC", "AIC"), c.seriesNames());
    assertEquals(5, c.panels().get(0).getXYPlot().getDataset().getYValue(0, 1));
  }

  @Test
  void svgIdsArePrefixedSoChartsCanShareAPage() {
    Chart c = Charts.logLikelihood(List.of(-3.0, -2.0, -1.5));
    String a = c.toSvg("chart1");
    assertTrue(a.contains("id='chart1'") || a.contains("id=\"chart1\""), a.substring(0, 80));
    assertFalse(Pattern.compile("id=['\"](?!chart1)").matcher(a).find(), "no unprefixed ids");
    assertThrows(IllegalArgumentException.class, () -> c.toSvg("bad id"));
  }
}

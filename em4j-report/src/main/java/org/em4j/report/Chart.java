package org.em4j.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.em4j.io.AtomicFile;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.xy.XYDataset;

/**
 * A finished chart: one or more JFreeChart panels laid out on a grid (one panel for most charts,
 * a column of panels for parameter traces, a square grid for a scatter-plot matrix), which
 * renders itself as PNG or SVG. Made by {@link Charts}.
 *
 * <p>The panels are JFreeChart objects and may be restyled through {@link #panels()} before the
 * chart is rendered; the chart is otherwise not modified by rendering.
 */
public final class Chart {
  private final String title;
  private final List<JFreeChart> panels;
  private final int columns;
  private final int width;
  private final int height;

  /**
   * @param title what the chart shows (a caption; single-panel charts also draw it)
   * @param panels the panels, laid out row by row
   * @param columns panels per row
   * @param width width in pixels
   * @param height height in pixels
   */
  Chart(String title, List<JFreeChart> panels, int columns, int width, int height) {
    this.title = Objects.requireNonNull(title, "title");
    if (panels.isEmpty()) {
      throw new IllegalArgumentException("a chart needs at least one panel");
    }
    if (columns < 1 || width < 1 || height < 1) {
      throw new IllegalArgumentException(
          "columns, width and height must be positive, got " + columns + ", " + width + ", "
              + height);
    }
    this.panels = List.copyOf(panels);
    this.columns = columns;
    this.width = width;
    this.height = height;
  }

  /** What the chart shows. */
  public String title() {
    return title;
  }

  /** Width in pixels. */
  public int width() {
    return width;
  }

  /** Height in pixels. */
  public int height() {
    return height;
  }

  /** The JFreeChart panels, row by row (restyle them before rendering if needed). */
  public List<JFreeChart> panels() {
    return panels;
  }

  /**
   * The names of every series drawn, panel by panel (histograms, lines, points, bars), each name
   * once: what a reader finds in the legends, plus the series kept out of them (ellipses).
   */
  public List<String> seriesNames() {
    List<String> out = new ArrayList<>();
    for (JFreeChart c : panels) {
      Plot plot = c.getPlot();
      if (plot instanceof XYPlot xy) {
        for (int d = 0; d < xy.getDatasetCount(); d++) {
          XYDataset ds = xy.getDataset(d);
          if (ds != null) {
            for (int s = 0; s < ds.getSeriesCount(); s++) {
              addOnce(out, String.valueOf(ds.getSeriesKey(s)));
            }
          }
        }
      } else if (plot instanceof CategoryPlot cat) {
        for (int d = 0; d < cat.getDatasetCount(); d++) {
          CategoryDataset ds = cat.getDataset(d);
          if (ds != null) {
            for (Object key : ds.getRowKeys()) {
              addOnce(out, String.valueOf(key));
            }
          }
        }
      }
    }
    return Collections.unmodifiableList(out);
  }

  private static void addOnce(List<String> list, String s) {
    if (!list.contains(s)) {
      list.add(s);
    }
  }

  /** Draws every panel into {@code g2} over the area {@code 0, 0, width, height}. */
  public void draw(Graphics2D g2) {
    int rows = (panels.size() + columns - 1) / columns;
    double w = (double) width / columns;
    double h = (double) height / rows;
    for (int i = 0; i < panels.size(); i++) {
      int r = i / columns;
      int c = i % columns;
      panels.get(i).draw(g2, new Rectangle2D.Double(c * w, r * h, w, h));
    }
  }

  /** The chart as a standalone {@code <svg>} element whose internal ids start with {@code em4j}. */
  public String toSvg() {
    return toSvg("em4j");
  }

  /**
   * The chart as an {@code <svg>} element, with a view box so that it scales with its container.
   *
   * @param id the element's id, also the prefix of its internal ids (clip paths, gradients), so
   *     that several charts can live inline in one HTML page; letters, digits, '-' and '_' only
   */
  public String toSvg(String id) {
    if (!id.matches("[A-Za-z][A-Za-z0-9_-]*")) {
      throw new IllegalArgumentException("an SVG id needs letters, digits, - and _, got '" + id + "'");
    }
    return Svg.render(this, id);
  }

  /** The chart as PNG bytes. */
  public byte[] toPng() {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      hints(g);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      draw(g);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Writes the chart as a PNG file, atomically. */
  public void writePng(Path file) {
    AtomicFile.writeBytes(file, toPng());
  }

  /** Writes the chart as an SVG file, atomically. */
  public void writeSvg(Path file) {
    String doc = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + toSvg() + "\n";
    AtomicFile.writeBytes(file, doc.getBytes(StandardCharsets.UTF_8));
  }

  static void hints(Graphics2D g) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
  }

  @Override
  public String toString() {
    return "Chart[" + title + ", " + panels.size() + " panel(s), " + width + "x" + height + "]";
  }
}

package org.em4j.report;

import java.awt.Dimension;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.batik.svggen.SVGGeneratorContext;
import org.apache.batik.svggen.SVGGraphics2D;
import org.apache.batik.svggen.SVGIDGenerator;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Renders a chart as an {@code <svg>} element with Apache Batik's {@code SVGGraphics2D} on the
 * JDK's own DOM: text stays text, every internal id (clip paths, patterns) starts with the
 * chart's id, and the element has a view box so it scales with its container.
 */
final class Svg {
  private static final String SVG_NS = "http://www.w3.org/2000/svg";

  private Svg() {}

  static String render(Chart chart, String id) {
    Document doc;
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      doc = f.newDocumentBuilder().getDOMImplementation().createDocument(SVG_NS, "svg", null);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("no XML DOM available: " + e.getMessage(), e);
    }
    SVGGeneratorContext ctx = SVGGeneratorContext.createDefault(doc);
    ctx.setComment(null);
    ctx.setEmbeddedFontsOn(false);
    ctx.setPrecision(4);
    ctx.setIDGenerator(new SVGIDGenerator() {
      @Override
      public String generateID(String prefix) {
        return id + "-" + super.generateID(prefix);
      }
    });
    SVGGraphics2D g = new SVGGraphics2D(ctx, false);
    g.setSVGCanvasSize(new Dimension(chart.width(), chart.height()));
    Chart.hints(g);
    chart.draw(g);
    Element root = g.getRoot();
    root.setAttributeNS(null, "id", id);
    root.setAttributeNS(null, "viewBox", "0 0 " + chart.width() + " " + chart.height());
    StringWriter out = new StringWriter();
    try {
      g.stream(root, out, true, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      g.dispose();
    }
    // Batik writes an XML prolog and a DOCTYPE (out of place inline in HTML) and gives its
    // generic definitions a fixed id (which would repeat across charts on one page).
    String svg = out.toString();
    int start = svg.indexOf("<svg");
    return svg.substring(start).trim()
        .replace("id=\"genericDefs\"", "id=\"" + id + "-genericDefs\"");
  }
}

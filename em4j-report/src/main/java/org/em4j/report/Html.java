package org.em4j.report;

import java.util.List;
import java.util.Locale;

/** Small HTML helpers for report sections: escaping, paragraphs, lists and tables. */
public final class Html {
  private Html() {}

  /** Escapes {@code & < > " '} so that any text can be put in an element or attribute. */
  public static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** A paragraph of plain text (escaped). */
  public static String p(String text) {
    return "<p>" + escape(text) + "</p>\n";
  }

  /** A bulleted list of plain-text items (escaped). */
  public static String list(List<String> items) {
    StringBuilder b = new StringBuilder("<ul>\n");
    for (String s : items) {
      b.append("<li>").append(escape(s)).append("</li>\n");
    }
    return b.append("</ul>\n").toString();
  }

  /**
   * A table of plain-text cells (escaped); cells that look like numbers are right-aligned.
   *
   * @param header column headings
   * @param rows the rows, each as long as {@code header}
   */
  public static String table(List<String> header, List<List<String>> rows) {
    StringBuilder b = new StringBuilder("<table>\n<thead><tr>");
    for (String h : header) {
      b.append("<th>").append(escape(h)).append("</th>");
    }
    b.append("</tr></thead>\n<tbody>\n");
    for (List<String> row : rows) {
      if (row.size() != header.size()) {
        throw new IllegalArgumentException(
            "a row has " + row.size() + " cells for " + header.size() + " columns: " + row);
      }
      b.append("<tr>");
      for (String cell : row) {
        boolean numeric = cell.matches("[-+]?[0-9.,eE+\\-]+%?|NaN|-?Infinity");
        b.append(numeric ? "<td class=\"num\">" : "<td>").append(escape(cell)).append("</td>");
      }
      b.append("</tr>\n");
    }
    return b.append("</tbody>\n</table>\n").toString();
  }

  /** A number with 6 significant digits, without exponent for ordinary magnitudes. */
  public static String num(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return String.valueOf(v);
    }
    double a = Math.abs(v);
    if (a != 0 && (a < 1e-4 || a >= 1e9)) {
      return String.format(Locale.ROOT, "%.5e", v).replaceAll("\\.?0+e", "e");
    }
    String s = new java.math.BigDecimal(v).round(new java.math.MathContext(6)).toPlainString();
    if (s.contains(".")) {
      s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return s;
  }
}

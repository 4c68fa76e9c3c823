import java.awt.image.BufferedImage;
import java.io.File;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * Prints what a screenshot holds, for scripts/check-report.sh: its size, the share of pixels that
 * differ from the most common (background) colour and the number of distinct colours. Exits 1
 * when the image is blank (one colour, or fewer than 1% non-background pixels).
 *
 * <p>Run with {@code java scripts/PngStats.java FILE.png}.
 */
public final class PngStats {
  public static void main(String[] args) throws Exception {
    BufferedImage img = ImageIO.read(new File(args[0]));
    if (img == null) {
      System.out.println("not a readable image: " + args[0]);
      System.exit(1);
    }
    int w = img.getWidth();
    int h = img.getHeight();
    Map<Integer, Long> counts = new HashMap<>();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        counts.merge(img.getRGB(x, y), 1L, Long::sum);
      }
    }
    long background = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
    long differ = (long) w * h - background;
    Set<Integer> colours = counts.keySet();
    double share = differ / (double) ((long) w * h);
    System.out.printf("%dx%d pixels, %.1f%% not background, %d colours%n", w, h, 100 * share,
        colours.size());
    if (colours.size() < 2 || share < 0.01) {
      System.out.println("blank page");
      System.exit(1);
    }
  }
}

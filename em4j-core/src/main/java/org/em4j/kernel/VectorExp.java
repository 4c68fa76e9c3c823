package org.em4j.kernel;

/**
 * {@code exp} of non-positive arguments over whole arrays, written in operations that HotSpot C2
 * (JDK 17) vectorises: {@link Math#fma}, {@link Math#rint}, {@link Math#floor}, {@link Math#max},
 * {@link Math#min}, multiplications and additions on arrays indexed by the loop counter alone.
 * {@link Math#exp} itself is a scalar call (about 20 cycles), which made it the largest single cost
 * of the Gaussian E-step at small D; these loops compute eight results per AVX-512 instruction
 * (about twice as fast as {@code Math.exp} on blocks of 64, more on longer arrays).
 *
 * <p>Method: Cody and Waite argument reduction ({@code y = n ln2 + r}, {@code |r| <= ln2 / 2},
 * with {@code ln2} split in two parts as in fdlibm's {@code e_exp.c}), the Taylor polynomial of
 * {@code exp(r)} to degree 13 evaluated by Horner's rule (truncation below 5e-18 relative), and
 * {@code 2^n} built without bit manipulation, which C2 does not vectorise: {@code n} is
 * non-positive, and {@code 2^n} is the product over the ten bits {@code b_k} of {@code -n} of
 * {@code b_k ? 2^-(2^k) : 1}, each factor an exact {@code fma(b, 2^-(2^k), 1 - b)} and each
 * product an exact multiplication of powers of two. See W. J. Cody and W. Waite, <i>Software
 * Manual for the Elementary Functions</i>, Prentice-Hall, 1980, ch. 6.
 *
 * @implNote The result is within 2 ulp of {@code Math.exp} for arguments in {@code [-708, 0]}
 *     (tested against it); arguments below the caller's cut-off, at least {@link #LOW} (where
 *     {@code exp} is 3.3e-308, the edge of the normal range), give exactly 0, so no subnormal
 *     number is ever produced;
 *     {@code -Infinity} gives 0 and NaN gives NaN. Positive arguments are outside the contract.
 *     <p>Two implementations give the same bits: {@link VectorApiExp}, with the JDK Vector API,
 *     used when the module {@code jdk.incubator.vector} is in the boot layer (unless the system
 *     property {@code em4j.vector} is {@code false}), and the plain loops below otherwise. The
 *     plain loops build {@code 2^n} from its bits one by one because C2 does not vectorise bit
 *     manipulation of doubles; with the Vector API {@code 2^n} is one shift of the exponent
 *     field, which made the whole {@code exp} about four times faster once compiled. Until C2
 *     has compiled it, though, Vector API code runs in the interpreter, where every operation
 *     allocates: the first 7,000 calls on 128 values took 0.74 s against 0.10 s for the plain
 *     loops (measured on the machine of docs/performance.md), and after that each call took 0.25
 *     instead of 1.2 microseconds. The warm-up is repaid after about 10^8 values, so callers say
 *     whether their job is large enough ({@link #expDifference(double[], double[], double[], int,
 *     double, double[], double[], boolean)}).
 */
public final class VectorExp {
  /** The lowest cut-off: arguments below it always give 0. */
  public static final double LOW = -708.0;

  static final double INV_LN2 = 1.44269504088896338700e+00;
  static final double LN2_HI = 6.93147180369123816490e-01;
  static final double LN2_LO = 1.90821492927058770002e-10;
  /** Scale that turns any negative {@code y - low} into a number below -1. */
  static final double STEP = 0x1p1000;

  static final double C2 = 1.0 / 2;
  static final double C3 = 1.0 / 6;
  static final double C4 = 1.0 / 24;
  static final double C5 = 1.0 / 120;
  static final double C6 = 1.0 / 720;
  static final double C7 = 1.0 / 5040;
  static final double C8 = 1.0 / 40320;
  static final double C9 = 1.0 / 362880;
  static final double C10 = 1.0 / 3628800;
  static final double C11 = 1.0 / 39916800;
  static final double C12 = 1.0 / 479001600;
  static final double C13 = 1.0 / 6227020800.0;

  /** The Vector API implementation, or {@code null} (see the class comment). */
  private static final Kernel VECTOR = select(System.getProperty("em4j.vector", "true"));

  private VectorExp() {}

  /** An implementation of {@link #expDifference} that needs no work space. */
  interface Kernel {
    /** As {@link #expDifference}, with {@code low} already checked. */
    void expDifference(double[] a, double[] b, double[] out, int n, double low);

    /** Whether the platform's vectors hold at least two doubles. */
    boolean works();
  }

  /** The Vector API kernel unless {@code property} is {@code "false"} or the module is absent. */
  static Kernel select(String property) {
    if ("false".equalsIgnoreCase(property)
        || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return null;
    }
    try {
      Kernel k =
          (Kernel)
              Class.forName("org.em4j.kernel.VectorApiExp").getDeclaredConstructor().newInstance();
      return k.works() ? k : null;
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }

  /** The name of the implementation in use: {@code "vector"} or {@code "plain"}. */
  public static String implementation() {
    return VECTOR != null ? "vector" : "plain";
  }

  /**
   * {@code out[i] = exp(a[i] - b[i])} for {@code i < n}, where {@code a[i] <= b[i]} (or the
   * difference is NaN or {@code -Infinity}). {@code out} may be {@code a} or {@code b}.
   *
   * <p>The work is split into four loops over the arrays, each small enough for C2 to unroll and
   * vectorise (one loop holding all of it is too large to be unrolled, and then stays scalar).
   *
   * @param a minuends; not modified (unless it is {@code out})
   * @param b subtrahends; not modified (unless it is {@code out})
   * @param out results, from index 0; modified
   * @param n how many
   * @param low differences below this give 0; at least {@link #LOW}, at most 0
   * @param work1 work space of at least n values, distinct from the others; modified
   * @param work2 work space of at least n values, distinct from the others; modified
   */
  public static void expDifference(
      double[] a, double[] b, double[] out, int n, double low, double[] work1, double[] work2) {
    expDifference(a, b, out, n, low, work1, work2, true);
  }

  /**
   * As {@link #expDifference(double[], double[], double[], int, double, double[], double[])},
   * with the Vector API kernel only if {@code vectorApi} (and it is available). Both give the same
   * bits; the choice is only about speed: pass {@code true} when the job will compute at least
   * some 10^8 values in this JVM, or when the Vector API code is warm already.
   */
  public static void expDifference(
      double[] a,
      double[] b,
      double[] out,
      int n,
      double low,
      double[] work1,
      double[] work2,
      boolean vectorApi) {
    if (!(low >= LOW && low <= 0)) {
      throw new IllegalArgumentException("low must be in [" + LOW + ", 0], got " + low);
    }
    if (vectorApi && VECTOR != null) {
      VECTOR.expDifference(a, b, out, n, low);
    } else {
      plain(a, b, out, n, low, work1, work2);
    }
  }

  /** The plain-Java loops, whatever the JVM offers (for tests that compare the two). */
  static void plain(
      double[] a, double[] b, double[] out, int n, double low, double[] work1, double[] work2) {
    reduce(a, b, out, work1, work2, n, low);
    polynomial(work2, n);
    lowBits(work1, out, n);
    highBits(work1, work2, out, n);
  }

  /**
   * {@code keep} (1 for {@code y >= low}, 0 below and for {@code -Infinity}, NaN for NaN), {@code
   * t = -n} and the reduced argument {@code r}.
   */
  private static void reduce(
      double[] a, double[] b, double[] keep, double[] t, double[] r, int n, double low) {
    for (int i = 0; i < n; i++) {
      double y = a[i] - b[i];
      keep[i] = Math.min(1.0, Math.max(0.0, Math.fma(y - low, STEP, 1.0)));
      double c = Math.max(y, low);
      double k = Math.rint(c * INV_LN2);
      double u = Math.fma(k, -LN2_HI, c);
      r[i] = Math.fma(k, -LN2_LO, u);
      t[i] = -k;
    }
  }

  /** {@code exp(r)} in place. */
  private static void polynomial(double[] r, int n) {
    for (int i = 0; i < n; i++) {
      r[i] = taylor(r[i]);
    }
  }

  /**
   * {@code exp(x)} for a reduced argument ({@code |x| <= ln(2) / 2}): Taylor to degree 13 by
   * Horner's rule, the same operations in {@link VectorApiExp}'s lanes and scalar tail.
   */
  static double taylor(double x) {
    double p = Math.fma(C13, x, C12);
    p = Math.fma(p, x, C11);
    p = Math.fma(p, x, C10);
    p = Math.fma(p, x, C9);
    p = Math.fma(p, x, C8);
    p = Math.fma(p, x, C7);
    p = Math.fma(p, x, C6);
    p = Math.fma(p, x, C5);
    p = Math.fma(p, x, C4);
    p = Math.fma(p, x, C3);
    p = Math.fma(p, x, C2);
    p = Math.fma(p, x, 1.0);
    return Math.fma(p, x, 1.0);
  }

  /**
   * Multiplies {@code out} by {@code 2^-(t mod 32)} and leaves {@code floor(t / 32)} in {@code
   * t}: the five bits {@code b_k = f_k - 2 f_(k+1)} of t, {@code f_k = floor(t / 2^k)} (each from
   * t directly, so they do not wait on each other), each factor {@code b ? 2^-(2^k) : 1 = fma(b,
   * 2^-(2^k) - 1, 1)}, exact because {@code 2^-(2^k) - 1} is exact up to {@code 2^-32}.
   */
  private static void lowBits(double[] t, double[] out, int n) {
    for (int i = 0; i < n; i++) {
      double v = t[i];
      double f1 = Math.floor(v * 0.5);
      double f2 = Math.floor(v * 0.25);
      double f3 = Math.floor(v * 0.125);
      double f4 = Math.floor(v * 0.0625);
      double f5 = Math.floor(v * 0.03125);
      double p01 =
          Math.fma(Math.fma(-2.0, f1, v), -0.5, 1.0)
              * Math.fma(Math.fma(-2.0, f2, f1), -0.75, 1.0);
      double p23 =
          Math.fma(Math.fma(-2.0, f3, f2), 0x1p-4 - 1.0, 1.0)
              * Math.fma(Math.fma(-2.0, f4, f3), 0x1p-8 - 1.0, 1.0);
      double p4 = Math.fma(Math.fma(-2.0, f5, f4), 0x1p-16 - 1.0, 1.0);
      t[i] = f5;
      out[i] *= (p01 * p23) * p4;
    }
  }

  /**
   * {@code out = p * (out * 2^-(32 t))} for t in [0, 31]: from {@code 2^-64} on, {@code 2^-(2^k) -
   * 1} is not exact, so each factor is {@code fma(b, 2^-(2^k), 1 - b)}.
   */
  private static void highBits(double[] t, double[] p, double[] out, int n) {
    for (int i = 0; i < n; i++) {
      double v = t[i];
      double f1 = Math.floor(v * 0.5);
      double f2 = Math.floor(v * 0.25);
      double f3 = Math.floor(v * 0.125);
      double f4 = Math.floor(v * 0.0625);
      double b1 = Math.fma(-2.0, f2, f1);
      double b2 = Math.fma(-2.0, f3, f2);
      double b3 = Math.fma(-2.0, f4, f3);
      double p01 =
          Math.fma(Math.fma(-2.0, f1, v), 0x1p-32 - 1.0, 1.0) * Math.fma(b1, 0x1p-64, 1.0 - b1);
      double p23 = Math.fma(b2, 0x1p-128, 1.0 - b2) * Math.fma(b3, 0x1p-256, 1.0 - b3);
      double p4 = Math.fma(f4, 0x1p-512, 1.0 - f4);
      out[i] = p[i] * (out[i] * ((p01 * p23) * p4));
    }
  }
}

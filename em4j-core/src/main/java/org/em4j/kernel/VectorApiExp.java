package org.em4j.kernel;

import static org.em4j.kernel.VectorExp.C10;
import static org.em4j.kernel.VectorExp.C11;
import static org.em4j.kernel.VectorExp.C12;
import static org.em4j.kernel.VectorExp.C13;
import static org.em4j.kernel.VectorExp.C2;
import static org.em4j.kernel.VectorExp.C3;
import static org.em4j.kernel.VectorExp.C4;
import static org.em4j.kernel.VectorExp.C5;
import static org.em4j.kernel.VectorExp.C6;
import static org.em4j.kernel.VectorExp.C7;
import static org.em4j.kernel.VectorExp.C8;
import static org.em4j.kernel.VectorExp.C9;
import static org.em4j.kernel.VectorExp.INV_LN2;
import static org.em4j.kernel.VectorExp.LN2_HI;
import static org.em4j.kernel.VectorExp.LN2_LO;
import static org.em4j.kernel.VectorExp.STEP;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link VectorExp}'s {@code exp} with the JDK Vector API: the same argument reduction and
 * polynomial, operation for operation, and {@code 2^n} made by writing {@code n + 1023} into the
 * exponent field, so the results are the plain loops' bits.
 *
 * <p>{@code rint} is the round-to-nearest-even of adding and subtracting {@code 1.5 * 2^52}
 * (exact for {@code |v| < 2^51}; here {@code |v| <= 1022}), which also leaves {@code n} in the
 * low bits of the sum. The product {@code keep * 2^n} is exact, as in the plain loops, and so is
 * its product with the polynomial: {@code n >= -1021}, so nothing is subnormal.
 *
 * <p>Loaded reflectively by {@link VectorExp} only when the module is in the boot layer.
 */
final class VectorApiExp implements VectorExp.Kernel {
  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  private static final int L = SPECIES.length();
  private static final double ROUND = 0x1.8p52;
  private static final long ROUND_BITS = Double.doubleToRawLongBits(ROUND);

  /** Public for reflective construction. */
  public VectorApiExp() {}

  @Override
  public boolean works() {
    return L >= 2;
  }

  @Override
  public void expDifference(double[] a, double[] b, double[] out, int n, double low) {
    int bound = SPECIES.loopBound(n);
    int i = 0;
    DoubleVector lowV = DoubleVector.broadcast(SPECIES, low);
    DoubleVector one = DoubleVector.broadcast(SPECIES, 1.0);
    DoubleVector step = DoubleVector.broadcast(SPECIES, STEP);
    DoubleVector ln2Hi = DoubleVector.broadcast(SPECIES, -LN2_HI);
    DoubleVector ln2Lo = DoubleVector.broadcast(SPECIES, -LN2_LO);
    for (; i < bound; i += L) {
      DoubleVector y =
          DoubleVector.fromArray(SPECIES, a, i).sub(DoubleVector.fromArray(SPECIES, b, i));
      DoubleVector keep = y.sub(lowV).fma(step, one).max(0.0).min(1.0);
      DoubleVector c = y.max(lowV);
      DoubleVector s = c.mul(INV_LN2).add(ROUND);
      DoubleVector k = s.sub(ROUND);
      DoubleVector r = k.fma(ln2Lo, k.fma(ln2Hi, c));
      DoubleVector p = r.fma(C13, C12);
      p = p.fma(r, DoubleVector.broadcast(SPECIES, C11));
      p = p.fma(r, DoubleVector.broadcast(SPECIES, C10));
      p = p.fma(r, DoubleVector.broadcast(SPECIES, C9));
      p = p.fma(r, DoubleVector.broadcast(SPECIES, C8));
      p = p.fma(r, DoubleVector.broadcast(SPECIES, C7));
      p = p.fma(r, DoubleVector.broadcast(SPECIES, C6));
      p = p.fma(r, DoubleVector.broadcast(SPECIES, C5));
      p = p.fma(r, DoubleVector.broadcast(SPECIES, C4));
      p = p.fma(r, DoubleVector.broadcast(SPECIES, C3));
      p = p.fma(r, DoubleVector.broadcast(SPECIES, C2));
      p = p.fma(r, one);
      p = p.fma(r, one);
      // 2^k: (bits(s) - bits(1.5 * 2^52) + 1023) << 52.
      DoubleVector twoToK =
          ((LongVector) s.viewAsIntegralLanes())
              .add(1023 - ROUND_BITS)
              .lanewise(VectorOperators.LSHL, 52)
              .viewAsFloatingLanes();
      p.mul(keep.mul(twoToK)).intoArray(out, i);
    }
    for (; i < n; i++) {
      out[i] = scalar(a[i] - b[i], low);
    }
  }

  /** One value by the same operations. */
  private static double scalar(double y, double low) {
    double keep = Math.min(1.0, Math.max(0.0, Math.fma(y - low, STEP, 1.0)));
    double c = Math.max(y, low);
    double k = Math.rint(c * INV_LN2);
    double r = Math.fma(k, -LN2_LO, Math.fma(k, -LN2_HI, c));
    // A NaN y makes the polynomial NaN, whatever (int) k gives.
    return VectorExp.taylor(r) * (keep * Math.scalb(1.0, (int) k));
  }
}

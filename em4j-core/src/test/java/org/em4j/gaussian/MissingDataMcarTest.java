package org.em4j.gaussian;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.em4j.gaussian.McarSimulation.Errors;
import org.em4j.gaussian.McarSimulation.Method;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * With 20 % of cells missing completely at random, exact observed-data EM estimates the true
 * mixture better than EM after dropping the incomplete rows and than EM after mean imputation
 * (mean errors over replications; see {@link McarSimulation} and {@code docs/missing-data.md}).
 */
class MissingDataMcarTest {
  private static final int ROWS = 600;
  private static final int REPLICATIONS = 6;

  @ParameterizedTest
  @EnumSource(CovarianceType.class)
  void observedDataEmIsCloserToTheTruthThanDroppingRowsOrMeanImputation(CovarianceType type) {
    Errors[] e = McarSimulation.meanErrors(type, ROWS, REPLICATIONS);
    Errors em = e[Method.EM4J.ordinal()];
    for (Method other : new Method[] {Method.COMPLETE_CASE, Method.MEAN_IMPUTATION}) {
      Errors o = e[other.ordinal()];
      assertTrue(em.means() < o.means(), type + " means: em4j " + em + " vs " + other + " " + o);
      assertTrue(
          em.covariances() < o.covariances(),
          type + " covariances: em4j " + em + " vs " + other + " " + o);
    }
  }
}

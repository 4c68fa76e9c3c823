package org.em4j.properties;

import java.util.ArrayList;
import java.util.List;
import org.em4j.gaussian.CovarianceType;

/** Every family em4j has, each as a {@link FamilyCase}. */
public final class FamilyCases {
  private FamilyCases() {}

  public static List<FamilyCase<?, ?>> all() {
    List<FamilyCase<?, ?>> cases = new ArrayList<>();
    for (CovarianceType t : CovarianceType.values()) {
      cases.add(new GaussianCase(t));
    }
    return cases;
  }
}

package org.em4j.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.em4j.data.Dataset;
import org.em4j.gaussian.CovarianceType;
import org.em4j.gaussian.GaussianFamily;
import org.em4j.gaussian.GaussianParameters;
import org.em4j.gaussian.GaussianStatistics;
import org.em4j.mixture.MixtureFitter;
import org.em4j.mixture.MixtureModel;
import org.em4j.testing.Reference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Chunked input versus in-memory input: data handed over block by block (as a reader streaming a
 * file from disk would, one block in memory at a time) gives, iteration after iteration, the same
 * parameters and log-likelihood bit for bit as the engine's in-memory fit, provided every block
 * holds whole chunks (block sizes multiples of {@code chunkRows}), because the statistics are then
 * merged chunk by chunk in the same order. This is the contract a streaming source must keep.
 */
class ChunkedInputTest {

  @ParameterizedTest
  @EnumSource(CovarianceType.class)
  void blocksOfWholeChunksReproduceTheInMemoryFit(CovarianceType type) {
    Dataset data = Reference.threeBlobs(8, 1000);
    int chunkRows = 64;
    int iterations = 15;
    int d = data.columns();
    GaussianFamily family = new GaussianFamily(type);
    EmOptions options =
        EmOptions.builder().components(3).seed(4).chunkRows(chunkRows).maxIterations(iterations)
            .tolerance(0).threads(1).traceParameters(true).build();
    MixtureModel<GaussianParameters> inMemory = new MixtureFitter<>(family, options).fit(data);
    List<GaussianParameters> trace = inMemory.parameterTrace();
    List<Double> llTrace = inMemory.fit().logLikelihoodTrace();

    // the same EM loop over blocks of 3 chunks (192 rows) and a short last block, each a data
    // set of its own, as a streaming reader would produce
    int block = 3 * chunkRows;
    GaussianParameters params = trace.get(0);
    for (int it = 0; it <= iterations; it++) {
      assertArrayEquals(family.flatten(trace.get(it)), family.flatten(params), 0.0, "iteration " + it);
      GaussianStatistics total = family.newStatistics(params);
      double ll = 0;
      for (int start = 0; start < data.rows(); start += block) {
        int rows = Math.min(block, data.rows() - start);
        Dataset piece =
            Dataset.of(Arrays.copyOfRange(data.values(), start * d, (start + rows) * d), rows, d);
        for (int from = 0; from < rows; from += chunkRows) {
          GaussianStatistics partial = family.newStatistics(params);
          ll += family.accumulate(params, piece, from, Math.min(rows, from + chunkRows), partial);
          total.merge(partial);
        }
      }
      assertEquals(llTrace.get(it), ll, 0.0, "log-likelihood at iteration " + it);
      params = family.maximize(total, params, Set.of());
    }
  }
}

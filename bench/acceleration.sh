#!/usr/bin/env bash
# Benchmark of accelerated EM (docs/performance.md, section "Accelerated EM"): compiles em4j-core,
# then runs bench/AccelerationBenchmark.java (a single-file Java program) against its classes and
# runtime dependencies, printing the markdown tables. Single-threaded. Parts: none (everything:
# table, heights, ridge, sweep at 1e-6; about 25 minutes with DAAREM), table, heights, ridge,
# "sweep [TOL]" (1e-6 and 1e-10 without TOL; 1e-10 takes an hour or more), "stoprule [TOL]".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -q -B -pl em4j-core compile dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile="$root/em4j-core/target/bench-classpath.txt"
exec java --add-modules jdk.incubator.vector ${BENCH_JAVA_OPTS:--Xmx2g} -cp "em4j-core/target/classes:$(cat "$root/em4j-core/target/bench-classpath.txt")" \
  bench/AccelerationBenchmark.java "$@"

#!/usr/bin/env bash
# Benchmark of accelerated EM (docs/performance.md, "Accelerated EM"): compiles em4j-core and
# runs bench/AccelerationBenchmark.java against its classes, printing a markdown table.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -q -B -o -pl em4j-core compile
exec java ${BENCH_JAVA_OPTS:--Xmx2g} -cp em4j-core/target/classes bench/AccelerationBenchmark.java "$@"

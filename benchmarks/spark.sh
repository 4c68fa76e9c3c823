#!/usr/bin/env bash
# Spark benchmark (not a test): em4j on Spark against Spark MLlib's GaussianMixture, local mode.
# Writes its lines to stdout; docs/performance.md ("Spark") holds a run's numbers.
#   benchmarks/spark.sh            # the whole set (takes tens of minutes on 2 busy cores)
#   benchmarks/spark.sh compare 1e6 2 4 4 2 6 2    # one line: N D K PARTITIONS LO HI REPEATS
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cp_file=em4j-spark/target/bench-classpath.txt
# One reactor build: the em4j modules resolve to their target/classes (never to ~/.m2, where
# another checkout's snapshots may be); the last module written, em4j-spark, leaves its classpath.
build=(-q -B -pl em4j-spark -am test-compile dependency:build-classpath -Dmdep.includeScope=test
  -Dmdep.outputFile="$root/$cp_file")
mvn -o "${build[@]}" >&2 2>&1 || mvn "${build[@]}" >&2
source "$root/scripts/lib/java-launch.sh"   # EM4J_JVM_FLAGS: the launcher's own JVM flags
flags=(-Xmx6g "${EM4J_JVM_FLAGS[@]}" -XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false
  -Dio.netty.tryReflectionSetAccessible=true
  "-Dlog4j2.configurationFile=$root/em4j-spark/launcher-log4j2.properties")
cp="em4j-spark/target/test-classes:em4j-spark/target/classes:em4j-core/target/classes:$(cat "$cp_file")"
run() { java "${flags[@]}" -cp "$cp" org.em4j.spark.bench.SparkBenchmark "$@"; }
if [ $# -gt 0 ]; then run "$@"; exit; fi
echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
run compare 1e6 2 4 4 1 4 2
run compare 2e5 16 8 4 1 3 1
run partitions 1e6 2 4 1 4 2 1 2 4 8 16
run sizes 2 4 4 1 4 2 2.5e5 5e5 1e6 2e6
echo "# done $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"

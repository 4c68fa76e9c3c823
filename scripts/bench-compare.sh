#!/usr/bin/env bash
# Times one EM iteration of em4j against scikit-learn, Smile, Commons Math3 and Spark MLlib on the
# same generated data, from the same start, and checks that all reach the same log-likelihood.
#
#   scripts/bench-compare.sh [--quick] [--shapes "N,D,K,TYPE N,D,K,TYPE ..."] [--work DIR]
#
# Every library runs in its own process under /usr/bin/time -v (peak resident memory). em4j and
# scikit-learn run ITERS iterations (default 10); Spark SPARK_ITERS (5); Smile SMILE_ITERS (2);
# Commons Math CM_ITERS (2, its least), because those are 10-1000x slower. em4j also writes its parameters
# after those smaller counts, and one referee (bench/python/llcheck.py) computes the
# log-likelihood of every library's final parameters on the same data. em4j runs with the JVM flags
# of ./em4j (EM4J_JVM_FLAGS in scripts/lib/java-launch.sh: the Vector API kernels);
# EM4J_JAVA_OPTS=-Dem4j.vector=false times the plain ones.
# REPEATS=R (default 1) runs every library R times per shape, interleaved (em4j, scikit-learn, ...,
# em4j, scikit-learn, ...), and reports the median of the runs: on a shared host one run's time
# moves by 20-40 %. Each run reports its mean time per iteration (JIT warm-up included) and, where
# the runner times each iteration (em4j, scikit-learn), its median iteration (steady state).
# Results: $WORK/results.tsv and a markdown table on stdout.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${WORK:-$root/bench/target/compare}"
shapes="1000000,1,2,full 1000000,2,4,full 200000,16,8,full 100000,64,16,full 1000000,8,8,diag 1000000,32,8,spherical"
iters="${ITERS:-10}"; repeats="${REPEATS:-1}"; spark_iters="${SPARK_ITERS:-5}"; smile_iters="${SMILE_ITERS:-2}"; cm_iters="${CM_ITERS:-2}"
libs="${LIBS:-em4j sklearn spark smile commons-math}"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) shapes="20000,2,4,full 20000,8,3,diag"; iters=5; spark_iters=3; smile_iters=2; cm_iters=2 ;;
    --shapes) shapes="$2"; shift ;;
    --work) work="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p "$work"
(cd "$root" && mvn -q -B -DskipTests -pl bench -am package \
  && mvn -q -B -pl bench dependency:build-classpath -Dmdep.outputFile=target/classpath.txt) >&2
cp="$root/bench/target/classes:$root/em4j-core/target/classes:$(cat "$root/bench/target/classpath.txt")"
spark_opens="-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED
 --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
 --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
 --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
 --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
 --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
 --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
 --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false
 -Dio.netty.tryReflectionSetAccessible=true"
source "$root/scripts/lib/java-launch.sh"   # EM4J_JVM_FLAGS: the launcher's own JVM flags
results="$work/results.tsv"
printf 'shape\tlib\titers\tper_iter_s\tpeak_rss_mb\tll\tem4j_ll_same_iters\trel_diff\tnote\tcpu_per_iter_s\tmedian_iter_s\truns\n' > "$results"

# run LOG command...: runs under /usr/bin/time -v; prints "per_iter peak_mb cpu_per_iter median_iter"
# or "UNSUPPORTED" or "FAILED"
run() {
  local log="$1"; shift
  /usr/bin/time -v "$@" > "$log" 2> "$log.time" || { echo "FAILED"; tail -5 "$log.time" >&2; return 0; }
  if grep -q '^UNSUPPORTED' "$log"; then echo "UNSUPPORTED"; return 0; fi
  local per rss cpu med
  per=$(sed -n 's/^RESULT .* per_iter=\([^ ]*\).*/\1/p' "$log")
  cpu=$(sed -n 's/^RESULT .*cpu_per_iter=\([^ ]*\).*/\1/p' "$log")
  med=$(sed -n 's/^RESULT .*median_iter=\([^ ]*\).*/\1/p' "$log")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): \([0-9]*\)/\1/p' "$log.time")
  echo "$per $((rss / 1024)) ${cpu:-nan} ${med:-nan}"
}

# median of the numbers given (nan when there are none)
median() {
  printf '%s\n' "$@" | grep -v nan | sort -g | awk '{v[NR] = $1} END {
    if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "# $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for shape in $shapes; do
  IFS=, read -r n d k type <<< "$shape"
  dir="$work/$n-$d-$k-$type"
  mkdir -p "$dir"
  if [ ! -f "$dir/data.bin" ]; then
    java -Xmx8g -cp "$cp" org.em4j.bench.GenerateData "$n" "$d" "$k" "$type" 20261122 "$dir"
  fi
  echo "## $shape (load $(cut -d' ' -f1 /proc/loadavg))" >&2
  declare -A per=() mem=() its=() cpus=() meds=() failed=()
  for rep in $(seq "$repeats"); do
  for lib in $libs; do
    [ -z "${failed[$lib]:-}" ] || continue
    case "$lib" in
      em4j) m=$iters; cmd=(java -Xmx12g "${EM4J_JVM_FLAGS[@]}" ${EM4J_JAVA_OPTS:-} -cp "$cp" org.em4j.bench.Em4jRunner "$dir" "$d" "$m" 2 "$dir/em4j.txt" "$spark_iters,$smile_iters,$cm_iters") ;;
      sklearn) m=$iters; cmd=(env OPENBLAS_CORETYPE=SkylakeX OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2
                   /usr/bin/python3 "$root/bench/python/sklearn_runner.py" "$dir" "$d" "$m" "$dir/sklearn.txt") ;;
      spark) m=$spark_iters; cmd=(java -Xmx12g $spark_opens -cp "$cp" org.em4j.bench.SparkRunner "$dir" "$d" "$m" "$dir/spark.txt") ;;
      smile) m=$smile_iters; cmd=(java -Xmx12g -cp "$cp" org.em4j.bench.SmileRunner "$dir" "$d" "$m" "$dir/smile.txt") ;;
      commons-math) m=$cm_iters; cmd=(java -Xmx12g -cp "$cp" org.em4j.bench.CommonsMathRunner "$dir" "$d" "$m" "$dir/commons-math.txt") ;;
    esac
    rm -f "$dir/$lib.txt"
    out=$(cd "$root/bench/python" && run "$dir/$lib.log" "${cmd[@]}")
    its[$lib]=$m
    if [ "$out" = UNSUPPORTED ] || [ "$out" = FAILED ]; then
      printf '%s\t%s\t%s\t\t\t\t\t\t%s\n' "$shape" "$lib" "$m" "$(grep -h '^UNSUPPORTED' "$dir/$lib.log" | cut -d' ' -f2- || echo failed)" >> "$results"
      echo "  $lib: $out" >&2
      failed[$lib]=1
      continue
    fi
    read -r p r c md <<< "$out"
    per[$lib]="${per[$lib]:-} $p"; mem[$lib]="${mem[$lib]:-} $r"; cpus[$lib]="${cpus[$lib]:-} $c"
    meds[$lib]="${meds[$lib]:-} $md"
    echo "  run $rep $lib: $p s/iter (cpu $c s/iter, median iteration $md s), $r MB" >&2
  done
  done
  # The referee: log-likelihood of every library's parameters, and of em4j's after as many iterations.
  files=()
  for lib in $libs; do [ -f "$dir/$lib.txt" ] && files+=("$dir/$lib.txt"); done
  for m in $(printf '%s\n' "$spark_iters" "$smile_iters" "$cm_iters" | sort -u); do
    [ -f "$dir/em4j.txt.$m" ] && files+=("$dir/em4j.txt.$m")
  done
  (cd "$root/bench/python" && /usr/bin/python3 llcheck.py "$dir" "$d" "${files[@]}") > "$dir/ll.txt"
  for lib in $libs; do
    [ -n "${per[$lib]:-}" ] && [ -z "${failed[$lib]:-}" ] || continue
    ll=$(awk -v f="$dir/$lib.txt" '$2==f {print $3}' "$dir/ll.txt")
    ref="$dir/em4j.txt"; [ "${its[$lib]}" = "$iters" ] || ref="$dir/em4j.txt.${its[$lib]}"
    rll=$(awk -v f="$ref" '$2==f {print $3; exit}' "$dir/ll.txt")
    rel=$(python3 -c "print('%.2e' % (abs($ll - $rll) / abs($rll)))")
    # shellcheck disable=SC2086
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\t%s\t%s\t%s\n' "$shape" "$lib" "${its[$lib]}" \
      "$(median ${per[$lib]})" "$(median ${mem[$lib]})" "$ll" "$rll" "$rel" "$(median ${cpus[$lib]})" \
      "$(median ${meds[$lib]})" "$(echo ${per[$lib]} | tr ' ' ',')" >> "$results"
  done
  unset per mem its cpus meds failed
done
python3 "$root/scripts/bench-table.py" "$results"

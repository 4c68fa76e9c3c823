#!/usr/bin/env bash
# em4j's time per iteration and peak memory as N, K and D grow (full covariance, 2 threads).
#
#   scripts/bench-scaling.sh [--work DIR]      (ITERS iterations per point, default 3)
#
# Prints a markdown table: axis, N, D, K, s/iteration (median of the iterations after the first
# E-step), GFLOP/s (2 N K D^2 per iteration), peak RSS, the data's size.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${WORK:-$root/bench/target/scaling}"
iters="${ITERS:-3}"
[ "${1:-}" = --work ] && work="$2"
mkdir -p "$work"
(cd "$root" && mvn -q -B -DskipTests -pl bench -am package) >&2
source "$root/scripts/lib/java-launch.sh"   # EM4J_JVM_FLAGS: the launcher's own JVM flags
cp="$root/bench/target/classes:$root/em4j-core/target/classes"
points=""
for n in 10000 100000 1000000 10000000; do points+=" N,$n,8,8"; done
for k in 2 4 8 16 32 64; do points+=" K,100000,8,$k"; done
for d in 2 4 8 16 32 64 128; do points+=" D,100000,$d,8"; done
echo "| axis | N | D | K | s / iteration | GFLOP/s | peak RSS MB | data MB |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
for p in $points; do
  IFS=, read -r axis n d k <<< "$p"
  dir="$work/$n-$d-$k"
  mkdir -p "$dir"
  [ -f "$dir/data.bin" ] || java -Xmx12g -cp "$cp" org.em4j.bench.GenerateData "$n" "$d" "$k" full 7 "$dir"
  /usr/bin/time -v java -Xmx12g "${EM4J_JVM_FLAGS[@]}" ${EM4J_JAVA_OPTS:-} -cp "$cp" org.em4j.bench.Em4jRunner "$dir" "$d" "$iters" 2 "$dir/out.txt" \
    > "$dir/log" 2> "$dir/log.time"
  med=$(sed -n 's/^EM4J .*median_iter=\([^ ]*\).*/\1/p' "$dir/log")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): \([0-9]*\)/\1/p' "$dir/log.time")
  python3 -c "
n,d,k,t,rss=$n,$d,$k,$med,$rss
print('| %s | %d | %d | %d | %.4g | %.2f | %d | %.0f |' % ('$axis', n, d, k, t, 2*n*k*d*d/t/1e9, rss//1024, n*d*8/2**20))"
done

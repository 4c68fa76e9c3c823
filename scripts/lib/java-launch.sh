# Sourced by the launchers (./em4j, em4j-spark/bin/em4j-spark): runs java with the Vector API
# module (em4j-core's FullKernelsVector) and drops the one line the JVM then prints at start-up,
# "WARNING: Using incubator modules: jdk.incubator.vector"; every other stderr byte passes through
# unchanged (unbuffered after that line) and the exit code is java's.
#   run_java ARGS...     (never returns: exits with java's status)
# The benchmark scripts source it too, for EM4J_JVM_FLAGS, so they time what the launchers run.

# The JVM flags of every launcher and benchmark:
#   --add-modules jdk.incubator.vector: the Vector API kernels (em4j-core falls back to plain
#     Java without it);
#   -XX:Tier4BackEdgeThreshold=1000000 (default 40000): with tiered compilation, a hot loop of
#     a Vector API kernel was often compiled on-stack (OSR) before the kernel itself, and the
#     kernel's C2 code then boxed vectors on every iteration (measured on (200000, 16, 8): 2 of 5
#     runs at 0.13 s per iteration and 70 garbage collections in 40 iterations, against 0.043 s
#     and none; with this flag 0 of 5, and no loss elsewhere; docs/performance.md);
#   -XX:ObjectAlignmentInBytes=64 (default 8): every object starts on a cache line, so the full
#     kernels' scratch arrays can start their 64-byte vectors on one (org.em4j.kernel.Alignment);
#     with it an iteration at (200000, 16, 8) took 16-18 % less time, and every shape of the
#     benchmark less (docs/performance.md, round 4). Small objects take more room; fits hold few.
EM4J_JVM_FLAGS=(--add-modules jdk.incubator.vector -XX:Tier4BackEdgeThreshold=1000000
  -XX:ObjectAlignmentInBytes=64)

drop_incubator_warning() {
  local line
  while IFS= read -r line; do
    case "$line" in
      "WARNING: Using incubator modules: jdk.incubator.vector") break ;;
      *) printf '%s\n' "$line" ;;
    esac
  done
  exec cat
}

run_java() {
  # java's stdout goes to fd 3 (the script's stdout), its stderr through the filter.
  set +e
  { java "${EM4J_JVM_FLAGS[@]}" "$@" 2>&1 1>&3 3>&- \
    | drop_incubator_warning >&2; } 3>&1
  exit "${PIPESTATUS[0]}"
}

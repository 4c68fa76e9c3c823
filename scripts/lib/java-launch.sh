# Sourced by the launchers (./em4j, em4j-spark/bin/em4j-spark): runs java with the Vector API
# module (em4j-core's FullKernelsVector) and drops the one line the JVM then prints at start-up,
# "WARNING: Using incubator modules: jdk.incubator.vector"; every other stderr byte passes through
# unchanged (unbuffered after that line) and the exit code is java's.
#   run_java ARGS...     (never returns: exits with java's status)

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
  { java --add-modules jdk.incubator.vector "$@" 2>&1 1>&3 3>&- \
    | drop_incubator_warning >&2; } 3>&1
  exit "${PIPESTATUS[0]}"
}

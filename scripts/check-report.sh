#!/usr/bin/env bash
# Checks em4j's HTML reports in a real browser (headless Chromium): renders each report to a PNG
# and fails on a blank page, a missing section or chart, or any console message.
#
#   scripts/check-report.sh                  # makes reports (demo heights, coins, three-coins; fit
#                                            # faithful and one fit per discrete family; select
#                                            # faithful) and checks them
#   scripts/check-report.sh REPORT.html ...  # checks the given reports
#
# Screenshots go next to each report as REPORT.png; look at them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
  echo "check-report: installing Debian's chromium..." >&2
  for attempt in 1 2 3 4 5 6; do
    if { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >&2; then
      break
    fi
    echo "check-report: apt-get failed (maybe locked), retrying in 20 s" >&2
    sleep 20
  done
  browser="$(command -v chromium)" || { echo "check-report: chromium could not be installed" >&2; exit 1; }
fi

reports=("$@")
if [ ${#reports[@]} -eq 0 ]; then
  out="$root/target/check-report"
  mkdir -p "$out"
  ./em4j demo heights --samples 5 --report "$out/heights.html" > "$out/heights.txt"
  ./em4j fit --data data/faithful.csv --components 2 --restarts 3 --quiet --report "$out/faithful.html"
  ./em4j select --data data/faithful.csv --components 1..4 --quiet --report "$out/select.html"
  ./em4j demo coins --report "$out/coins.html" > "$out/coins.txt"
  ./em4j demo three-coins --report "$out/three-coins.html" > "$out/three-coins.txt"
  # One fit report per discrete family, on data drawn from a small model of that family.
  cat > "$out/binomial-model.json" <<'JSON'
{ "format" : "em4j-model", "version" : 1, "family" : "binomial", "dimension" : 2,
  "columns" : [ "heads", "tosses" ], "trials" : 20,
  "components" : [ { "weight" : 0.4, "p" : 0.8 }, { "weight" : 0.6, "p" : 0.35 } ] }
JSON
  cat > "$out/bernoulli-model.json" <<'JSON'
{ "format" : "em4j-model", "version" : 1, "family" : "bernoulli", "dimension" : 5,
  "columns" : [ "q1", "q2", "q3", "q4", "q5" ],
  "components" : [ { "weight" : 0.4, "p" : [ 0.9, 0.8, 0.7, 0.2, 0.1 ] },
                   { "weight" : 0.6, "p" : [ 0.2, 0.3, 0.1, 0.8, 0.9 ] } ] }
JSON
  cat > "$out/poisson-model.json" <<'JSON'
{ "format" : "em4j-model", "version" : 1, "family" : "poisson", "dimension" : 3,
  "columns" : [ "visits", "calls", "emails" ],
  "components" : [ { "weight" : 0.4, "rate" : [ 2, 8, 0.5 ] },
                   { "weight" : 0.6, "rate" : [ 9, 1, 4 ] } ] }
JSON
  cat > "$out/categorical-model.json" <<'JSON'
{ "format" : "em4j-model", "version" : 1, "family" : "categorical", "dimension" : 2,
  "columns" : [ "smoker", "stress" ],
  "levels" : [ [ "no", "yes" ], [ "high", "low", "mid" ] ],
  "components" : [
    { "weight" : 0.45, "probabilities" : [ { "no" : 0.8, "yes" : 0.2 }, { "high" : 0.6, "low" : 0.1, "mid" : 0.3 } ] },
    { "weight" : 0.55, "probabilities" : [ { "no" : 0.3, "yes" : 0.7 }, { "high" : 0.1, "low" : 0.6, "mid" : 0.3 } ] } ] }
JSON
  reports=("$out/heights.html" "$out/faithful.html" "$out/select.html" "$out/coins.html"
           "$out/three-coins.html")
  for family in binomial bernoulli poisson categorical; do
    ./em4j sample --model "$out/$family-model.json" -n 400 --seed 1 --out "$out/$family.csv"
    extra=()
    [ "$family" = binomial ] && extra=(--successes heads --trials tosses)
    ./em4j fit --family "$family" --data "$out/$family.csv" "${extra[@]}" --components 2 \
        --restarts 3 --quiet --report "$out/$family.html"
    reports+=("$out/$family.html")
  done
fi

flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update --disable-sync
       --disable-extensions --hide-scrollbars --enable-logging=stderr --v=0)

# Number of matches of a regular expression on standard input (0 when none).
count() { { grep -o -- "$1" || true; } | wc -l; }

failed=0
for report in "${reports[@]}"; do
  [ -f "$report" ] || { echo "FAIL $report: no such file"; failed=1; continue; }
  abs="$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"
  png="${abs%.html}.png"
  profile="$(mktemp -d)"
  log="$(mktemp)"
  dom="$(mktemp)"
  # The DOM as the browser built it, with the browser's log (console messages among it).
  "$browser" "${flags[@]}" --user-data-dir="$profile" --dump-dom "file://$abs" > "$dom" 2> "$log" || true
  rm -rf "$profile"
  profile="$(mktemp -d)"
  # Tall enough for the whole report.
  "$browser" "${flags[@]}" --user-data-dir="$profile" --window-size=1200,9000 \
      --screenshot="$png" "file://$abs" >> "$log" 2>&1 || true
  rm -rf "$profile"
  problems=()
  if grep -E 'CONSOLE|Uncaught|Failed to load' "$log" > /dev/null; then
    problems+=("console messages: $(grep -E 'CONSOLE|Uncaught|Failed to load' "$log" | head -3 | tr '\n' ' ')")
  fi
  expected_charts="$(grep -o '<meta name="em4j-charts" content="[0-9]*"' "$abs" | grep -o '[0-9]*"$' | tr -d '"')"
  sections="$(grep -o '<meta name="em4j-sections" content="[^"]*"' "$abs" | sed 's/.*content="//; s/"$//')"
  if [ -z "$expected_charts" ] || [ -z "$sections" ]; then
    problems+=("not an em4j report (no em4j-charts / em4j-sections marks)")
  else
    IFS=',' read -r -a ids <<< "$sections"
    for id in "${ids[@]}"; do
      grep -q "<section id=\"$id\">" "$dom" || problems+=("section '$id' missing from the DOM")
    done
    figures="$(count '<figure class="em4j-chart"' < "$dom")"
    svgs="$(tr '\n' ' ' < "$dom" | count '<figure class="em4j-chart"[^>]*> *<svg')"
    drawn="$(tr '\n' ' ' < "$dom" | count '<svg[^>]*id="chart[0-9]*"')"
    if [ "$figures" -ne "$expected_charts" ] || [ "$svgs" -ne "$expected_charts" ] || [ "$drawn" -ne "$expected_charts" ]; then
      problems+=("expected $expected_charts charts, the DOM has $figures figures, $svgs with an svg, $drawn chart svgs")
    fi
  fi
  if [ ! -s "$png" ]; then
    problems+=("no screenshot was made")
  elif ! stats="$(java "$root/scripts/PngStats.java" "$png")"; then
    problems+=("the screenshot is blank: $stats")
  fi
  if [ ${#problems[@]} -eq 0 ]; then
    echo "ok   $report: ${#ids[@]} sections, $expected_charts charts, no console messages; $png: $stats"
  else
    failed=1
    for p in "${problems[@]}"; do echo "FAIL $report: $p"; done
  fi
  rm -f "$log" "$dom"
done
exit $failed

#!/usr/bin/env bash
# Every wall-clock measurement of issue #12 in one unattended run, for a quiet machine: about 20 minutes on 2 cores,
# most of it the full suite B (35 min before issue #12; ~13-17 min expected if the 2.1-2.7x CPU saving measured on
# its single spiral run carries over), ~5 min for everything else:
#   1. builds the benchmarks and the command-line jars (mvn package -DskipTests, no install);
#   2. whole training runs, Java vs PyTorch: benchmarks/compare-training.sh (3 settings, 1000 points, 2000 iterations);
#   3. one gradient, Java vs PyTorch, d = 4, 64, 256, with 1 and with 2 threads: benchmarks/compare-pytorch.sh;
#   4. the full suite B through the default launcher: ./pontryagin compare --suite B --threads 2 --no-plots, its total
#      wall time and the CPU time of its JVM;
#   5. the default launcher against java with an explicit --add-modules jdk.incubator.vector, three times each,
#      alternating, on the issue's single run (suite B, spiral, ODENet, RK4, 1000 iterations).
# Writes everything to benchmarks/results/quiet-run-<UTC time>/ and replaces the text between the markers
# "<!-- quiet-run:begin -->" and "<!-- quiet-run:end -->" in benchmarks/RESULTS.md and docs/compare-B.md with the
# tables and the load average before and after each part.
#
#   benchmarks/quiet-run.sh [--small]
#
# --small: a smoke test of every part (200 iterations, the suite B at --quick, one repeat; ~5 minutes on a quiet
# machine); its files go to $TMPDIR (default /tmp), the documents are left alone.
# Needs: JDK 17+, Maven, PyTorch from Debian (apt-get install -y python3-torch) for /usr/bin/python3.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
small=false
case "${1:-}" in
  --small) small=true ;;
  -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
  "") ;;
  *) echo "unknown option $1 (expected --small)" >&2; exit 2 ;;
esac

stamp="$(date -u +%Y%m%d-%H%M)"
out="$root/benchmarks/results/quiet-run-$stamp"
$small && out="${TMPDIR:-/tmp}/quiet-run-$stamp-small"
# QUIET_RUN_REUSE=DIR: continue an interrupted run in DIR, keeping its training-run table (part 2)
if [[ -n "${QUIET_RUN_REUSE:-}" ]]; then out="$QUIET_RUN_REUSE"; fi
mkdir -p "$out"
load() { cut -d" " -f1-3 /proc/loadavg; }
note() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
started=$(date +%s)
load_start="$(load)"

note "1/5 building the jars"
(cd "$root" && mvn -B -q -DskipTests -Dmaven.javadoc.skip -Dmaven.source.skip package -pl benchmarks,examples -am) >&2

if $small; then
  training_args=(--iterations 200)
  gradient_args=(--repeats 2 --warmup 0.5)
  suite_args=(--quick --models Net,ResNet,ODENet,ODENet+simplex)
  single_iterations=200
  repeats=1
else
  training_args=()
  gradient_args=(--repeats 7 --warmup 2.0)
  suite_args=(--models Net,ResNet,ODENet,ODENet+simplex)
  single_iterations=1000
  repeats=3
fi

note "2/5 whole training runs (compare-training.sh)"
if [[ -s "$out/training.md" && -n "${QUIET_RUN_REUSE:-}" ]]; then
  note "    kept $out/training.md"
else
  "$here/compare-training.sh" "${training_args[@]}" > "$out/training.md"
fi

note "3/5 one gradient, 1 and 2 threads (compare-pytorch.sh)"
"$here/compare-pytorch.sh" --threads 1 "${gradient_args[@]}" d4-rk4 d64-rk4 d256-rk4 > "$out/gradient-1-thread.md"
"$here/compare-pytorch.sh" --threads 2 "${gradient_args[@]}" d4-rk4 d64-rk4 d256-rk4 > "$out/gradient-2-threads.md"

note "4/5 suite B, --threads 2, default launcher"
suite_load_before="$(load)"
suite_start=$(date +%s.%N)
/usr/bin/time -f "%U %S" -o "$out/suite-b.cpu" "$root/pontryagin" compare --suite B "${suite_args[@]}" --threads 2 \
  --no-plots --out "$out/suite" > "$out/suite-b.log" 2>&1
suite_wall=$(awk -v a="$suite_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
suite_cpu=$(awk '{ printf "%.1f", $1 + $2 }' "$out/suite-b.cpu")
suite_load_after="$(load)"
suite_table="$(ls "$out"/suite/compare-B*/results.md)"

note "5/5 launcher vs explicit JAVA_OPTS"
jar="$root/examples/target/pontryagin-examples-0.1.0-SNAPSHOT-all.jar"
single=(compare --suite B --iterations "$single_iterations" --datasets spiral --tableaux rk4 --models ODENet --threads 1
  --no-plots)
launcher_load_before="$(load)"
timed() {  # label, command...
  local label="$1"; shift
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o "$out/single.cpu" "$@" --out "$out/single-$label" > /dev/null 2> "$out/single-$label.err"
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" -v l="$label" '{ printf "%s %.2f %.2f\n", l, b - a, $1 + $2 }' "$out/single.cpu"
}
for ((r = 1; r <= repeats; r++)); do
  timed launcher "$root/pontryagin" "${single[@]}"
  timed explicit java -Djava.awt.headless=true --add-modules jdk.incubator.vector -jar "$jar" "${single[@]}"
done > "$out/launcher.txt"
launcher_load_after="$(load)"
median() { awk -v l="$1" '$1 == l { print $'"$2"' }' "$out/launcher.txt" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
warnings=$(cat "$out"/single-launcher.err | grep -c 'WARNING' || true)

total=$(( $(date +%s) - started ))
when="$(date -u '+%Y-%m-%d %H:%M UTC')"
cpu="$(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores"

{
  echo "### Quiet-machine run: \`benchmarks/quiet-run.sh\`, $when"
  echo
  echo "$cpu. Load average (1/5/15 min) at the start: $load_start; at the end: $(load). The whole script took"
  echo "$total s. Raw files: \`${out#"$root"/}/\`."
  echo
  echo "**Whole training runs** (\`benchmarks/compare-training.sh\`):"
  echo
  sed -n '/^Armijo/,$p' "$out/training.md"
  echo
  echo "**One gradient, one thread each side** (\`benchmarks/compare-pytorch.sh --threads 1 ${gradient_args[*]}\`):"
  echo
  sed -n '/^Threads/,$p' "$out/gradient-1-thread.md"
  echo
  echo "**One gradient, two threads each side** (\`benchmarks/compare-pytorch.sh --threads 2 ${gradient_args[*]}\`):"
  echo
  sed -n '/^Threads/,$p' "$out/gradient-2-threads.md"
  echo
  echo "**Suite B** (\`./pontryagin compare --suite B ${suite_args[*]} --threads 2 --no-plots\`): total wall time"
  echo "$suite_wall s, JVM CPU time (user + system) $suite_cpu s; load average before: $suite_load_before, after:"
  echo "$suite_load_after. Table: docs/compare-B.md."
  echo
  echo "**Launcher vs explicit options** (\`${single[*]}\`, $repeats run(s) each, alternating; load average before:"
  echo "$launcher_load_before, after: $launcher_load_after):"
  echo
  echo "| how | median wall (s) | median JVM CPU (s) |"
  echo "|---|---:|---:|"
  echo "| \`./pontryagin\` (default launcher) | $(median launcher 2) | $(median launcher 3) |"
  echo "| \`java --add-modules jdk.incubator.vector -jar …\` | $(median explicit 2) | $(median explicit 3) |"
  echo
  echo "Lines with WARNING on the launcher's stderr: $warnings."
} > "$out/summary.md"

{
  echo "### Full suite B through the default launcher: \`benchmarks/quiet-run.sh\`, $when"
  echo
  echo "\`./pontryagin compare --suite B ${suite_args[*]} --threads 2 --no-plots\`: total wall time **$suite_wall s**, JVM CPU"
  echo "time $suite_cpu s; $cpu; load average before: $suite_load_before, after: $suite_load_after."
  echo
  cat "$suite_table"
} > "$out/compare-B.md"

replace() {  # document, file with the new text
  /usr/bin/python3 - "$1" "$2" <<'PY'
import sys
doc, new = sys.argv[1], open(sys.argv[2]).read()
text = open(doc).read()
begin, end = "<!-- quiet-run:begin -->", "<!-- quiet-run:end -->"
if begin not in text or end not in text:
    sys.exit(f"{doc}: markers {begin} ... {end} not found")
head, rest = text.split(begin, 1)
tail = rest.split(end, 1)[1]
open(doc, "w").write(head + begin + "\n" + new.rstrip() + "\n" + end + tail)
PY
}
if $small; then
  note "done (--small: documents left alone): $out/summary.md"
else
  replace "$root/benchmarks/RESULTS.md" "$out/summary.md"
  replace "$root/docs/compare-B.md" "$out/compare-B.md"
  note "done in $total s: benchmarks/RESULTS.md and docs/compare-B.md updated; raw files in $out"
fi
cat "$out/summary.md"

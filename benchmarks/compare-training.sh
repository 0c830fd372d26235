#!/usr/bin/env bash
# Side-by-side whole training runs: the same net, data, initial point and training loop in this project (Java)
# and in PyTorch (CPU, float64): full-batch gradient descent with Armijo backtracking (rho 0.5, c 0.4, tau_0 1),
# warm start tau_k = min(2 tau_{k-1}, 1) (--restart: every step from tau_0), value-only trial points, one
# loss-and-gradient per iteration; the step sizes projected onto the simplex for ODENet+simplex.
#
#   benchmarks/compare-training.sh [--iterations K] [--points M] [--threads T] [--restart] [setting ...]
#
# Settings (suite B net: d = 2, N = 15, T = 1.5, tanh sigma-affine field, logistic least-squares head, seed 1):
# spiral-odenet-rk4, donut2d-resnet-euler, squares-simplex-heun (default: all three; 1000 points, 2000 iterations,
# 1 thread). Java exports each setting's points and initial parameters, PyTorch starts from them.
# Needs: JDK 17+, Maven, PyTorch from Debian (apt-get install -y python3-torch), run with /usr/bin/python3.
# Prints a Markdown table: iterations per second on each side and their ratio, by wall time and by CPU time (the
# steadier measure on a shared machine), Java's CPU rate over the second half of the iterations (after JIT
# warm-up), the loss and gradient evaluations each side counted, and the final losses.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
iterations=2000
points=1000
threads=1
restart=()
settings=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --iterations) iterations="$2"; shift 2 ;;
    --points) points="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --restart) restart=(--restart); shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    -*) echo "unknown option $1 (expected --iterations, --points, --threads, --restart)" >&2; exit 2 ;;
    *) settings+=("$1"); shift ;;
  esac
done
if [[ ${#settings[@]} -eq 0 ]]; then
  settings=(spiral-odenet-rk4 donut2d-resnet-euler squares-simplex-heun)
fi

python=/usr/bin/python3
if ! "$python" -c 'import torch' 2>/dev/null; then
  echo "PyTorch is missing: apt-get install -y python3-torch (Debian), then run again" >&2
  exit 1
fi
jar="$root/benchmarks/target/benchmarks.jar"
if [[ ! -f "$jar" ]]; then
  echo "building $jar ..." >&2
  (cd "$root" && mvn -B -q -pl benchmarks -am package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true) >&2
fi
exported="$(mktemp -d "${TMPDIR:-/tmp}/compare-training.XXXXXX")"
trap 'rm -rf "$exported"' EXIT

declare -A java_line torch_line
load_before="$(cut -d" " -f1-3 /proc/loadavg)"
echo "java, $threads thread(s) ..." >&2
while read -r _ name rest; do java_line[$name]="$rest"; done < <(java --add-modules jdk.incubator.vector -Xmx2g \
  -cp "$jar" io.github.pontryagin.benchmarks.TrainingTiming --iterations "$iterations" --points "$points" \
  --threads "$threads" "${restart[@]}" --export "$exported" "${settings[@]}" 2>/dev/null | grep '^RESULT')
echo "pytorch $("$python" -c 'import torch; print(torch.__version__)'), $threads thread(s) ..." >&2
files=()
for name in "${settings[@]}"; do files+=("$exported/$name.json"); done
while read -r _ name rest; do torch_line[$name]="$rest"; done < <(OMP_NUM_THREADS="$threads" \
  OPENBLAS_NUM_THREADS="$threads" "$python" "$here/pytorch_train.py" --iterations "$iterations" \
  --threads "$threads" "${restart[@]}" "${files[@]}" | grep '^RESULT')

rule="warm start"
[[ ${#restart[@]} -gt 0 ]] && rule="restart from tau_0"
echo
echo "Armijo ($rule), $points points, $iterations iterations, $threads thread(s) each side; $(date -u '+%Y-%m-%d %H:%M UTC'), CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, load average (1/5/15 min) before: $load_before, after: $(cut -d" " -f1-3 /proc/loadavg)."
echo
echo "| setting | Java it/s | PyTorch it/s | ratio Java/PyTorch | Java it/CPU-s | PyTorch it/CPU-s | ratio by CPU time | Java it/CPU-s, 2nd half | Java values / gradients | PyTorch values / gradients | Java final loss | PyTorch final loss |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for name in "${settings[@]}"; do
  read -r jits _ jrate jv jg jl jcpu jhalf <<< "${java_line[$name]:-0 0 nan 0 0 nan nan nan}"
  read -r tits _ trate tv tg tl tcpu <<< "${torch_line[$name]:-0 0 nan 0 0 nan nan}"
  ratio=$(awk -v a="$jrate" -v b="$trate" 'BEGIN { printf "%.1f", a / b }')
  jc=$(awk -v n="$jits" -v c="$jcpu" 'BEGIN { printf "%.1f", n / c }')
  tc=$(awk -v n="$tits" -v c="$tcpu" 'BEGIN { printf "%.1f", n / c }')
  cratio=$(awk -v a="$jc" -v b="$tc" 'BEGIN { printf "%.1f", a / b }')
  jh=$(awk -v n="$jits" -v c="$jhalf" 'BEGIN { printf "%.1f", (n - int(n / 2)) / c }')
  printf '| %s | %s | %s | %s× | %s | %s | %s× | %s | %s / %s | %s / %s | %s | %s |\n' "$name" "$jrate" "$trate" \
    "$ratio" "$jc" "$tc" "$cratio" "$jh" "$jv" "$jg" "$tv" "$tg" "$jl" "$tl"
done

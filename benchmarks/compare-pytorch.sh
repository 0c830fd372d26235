#!/usr/bin/env bash
# Side-by-side: time per loss-and-gradient evaluation in this project (Java) and in PyTorch (CPU, float64,
# autograd through the same explicit RK steps), same configurations, same thread count.
#
#   benchmarks/compare-pytorch.sh [--threads T] [--repeats R] [--warmup S] [config ...]
#
# Needs: JDK 17+, Maven, and PyTorch from Debian (apt-get install -y python3-torch), run with /usr/bin/python3.
# Builds benchmarks/target/benchmarks.jar if it is missing (mvn -B -pl benchmarks -am package -DskipTests).
# PyTorch runs with torch.set_num_threads(T) and OMP_NUM_THREADS = OPENBLAS_NUM_THREADS = T (Debian's torch
# calls the system BLAS, OpenBLAS, for its matrix products).
# Prints a Markdown table: config, Java ms/grad, PyTorch ms/grad, ratio PyTorch/Java (both with T threads), and
# Java with 1 thread and the Java speed-up of T threads over 1 thread.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
threads=2
repeats=7
warmup=2.0
configs=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --threads) threads="$2"; shift 2 ;;
    --repeats) repeats="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    -*) echo "unknown option $1 (expected --threads, --repeats, --warmup)" >&2; exit 2 ;;
    *) configs+=("$1"); shift ;;
  esac
done
if [[ ${#configs[@]} -eq 0 ]]; then
  configs=(d2-euler d2-rk4 d4-rk4 d64-rk4 d256-rk4)
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

java_run() {  # threads
  java --add-modules jdk.incubator.vector -Xmx3g -cp "$jar" io.github.pontryagin.benchmarks.GradientTiming \
    --threads "$1" --repeats "$repeats" --warmup "$warmup" "${configs[@]}" 2>/dev/null | grep '^RESULT'
}

declare -A java_ms java_one torch_ms
load_before="$(cut -d" " -f1-3 /proc/loadavg)"
echo "java, $threads thread(s) ..." >&2
while read -r _ name _ ms; do java_ms[$name]=$ms; done < <(java_run "$threads")
if [[ "$threads" != 1 ]]; then
  echo "java, 1 thread ..." >&2
  while read -r _ name _ ms; do java_one[$name]=$ms; done < <(java_run 1)
fi
echo "pytorch $("$python" -c 'import torch; print(torch.__version__)'), $threads thread(s) ..." >&2
while read -r _ name _ ms; do torch_ms[$name]=$ms; done < <(OMP_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads" "$python" \
  "$here/pytorch_bench.py" --threads "$threads" --repeats "$repeats" --warmup "$warmup" "${configs[@]}" | grep '^RESULT')

echo
echo "Threads: $threads, $(date -u '+%Y-%m-%d %H:%M UTC'), CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, load average (1/5/15 min) before: $load_before, after: $(cut -d" " -f1-3 /proc/loadavg)."
echo
echo "| config | d | N | M | tableau | Java ms/grad | PyTorch ms/grad | ratio PyTorch/Java | Java 1 thread ms/grad | Java speed-up $threads vs 1 thread |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for name in "${configs[@]}"; do
  case "$name" in
    d2-euler) shape="2 | 20 | 2000 | euler" ;;
    d2-rk4) shape="2 | 20 | 2000 | rk4" ;;
    d4-rk4) shape="4 | 15 | 1000 | rk4" ;;
    d64-rk4) shape="64 | 20 | 1024 | rk4" ;;
    d256-rk4) shape="256 | 10 | 1024 | rk4" ;;
    *) shape="? | ? | ? | ?" ;;
  esac
  j=${java_ms[$name]:-nan}; t=${torch_ms[$name]:-nan}; one=${java_one[$name]:-$j}
  ratio=$(awk -v a="$t" -v b="$j" 'BEGIN { printf "%.2f", a / b }')
  speedup=$(awk -v a="$one" -v b="$j" 'BEGIN { printf "%.2f", a / b }')
  printf '| %s | %s | %.3f | %.3f | %s× | %.3f | %s× |\n' "$name" "$shape" "$j" "$t" "$ratio" "$one" "$speedup"
done

#!/usr/bin/env bash
# Time per epoch of the MNIST ODE-net (docs/mnist.md), this project against PyTorch float64, side by side.
#
#   benchmarks/compare-mnist.sh [TRAIN_LIMIT] [EPOCHS]
#
# Both train the same network, the defaults of `pontryagin mnist` (lift 784 -> WIDTH, LAYERS RK4 layers with learned
# h_n, softmax over 10 classes, AdamW with a cosine schedule, batch 100) on the first TRAIN_LIMIT training images
# (default 60000; 90 % train, 10 % held out) for EPOCHS epochs (default 3), one after the other on the same machine,
# for each thread count of THREADS (default "1 2": both sides get the same number of threads). Compared per epoch:
#   - wall time of the optimizer steps: the Java trainer's clock without its evaluation passes ("training seconds"),
#     the PyTorch loop's clock (it evaluates nothing);
#   - CPU time of the whole process during the epoch (every thread): Java's includes its JIT compilers, garbage
#     collector and the validation pass after every epoch (the training accuracy is estimated on 1000 images only),
#     PyTorch's its OpenMP/BLAS threads.
# The first epoch includes the JVM's JIT warm-up; "later" is the mean of epochs 2..EPOCHS, "all" the mean of every
# epoch (the time per epoch of a run of EPOCHS epochs). Prints the load average before each run and the share of
# the machine's CPU time that the hypervisor stole during it (on a shared virtual machine the host's other guests
# slow both sides, a two-thread run that meets at barriers most), and writes the
# tables to benchmarks/results/mnist-speed.md. Environment: WIDTH (default 128), LAYERS (default 2), THREADS
# (default "1 2"), ROUNDS (default 1: every run ROUNDS times, the rounds one after the other, and each side's
# setting reported by its round with the least wall time per epoch over all epochs, so that a noisy host's slow
# minutes count against neither side), JAVA (java executable, default: java), JAVA_OPTS (extra JVM options). Java runs through the
# launcher ./pontryagin, as users run it (its JVM options; it builds the program when needed). Needs PyTorch (Debian:
# apt-get install -y python3-torch, with libopenblas0-pthread installed so that it does not run on the reference
# BLAS), run with /usr/bin/python3.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
limit="${1:-60000}"
epochs="${2:-3}"
width="${WIDTH:-128}"
layers="${LAYERS:-2}"
thread_counts="${THREADS:-1 2}"
rounds="${ROUNDS:-1}"
if ! [[ "$rounds" =~ ^[1-9][0-9]*$ ]]; then
  echo "compare-mnist.sh: ROUNDS must be a whole number >= 1, got '$rounds'" >&2
  exit 2
fi
# PyTorch's BLAS_INFO=generic build calls whatever libblas.so.3 the system links to; the reference BLAS there makes
# PyTorch several times slower and the ratio meaningless, so the comparison refuses to run on it
blas_lib="$(/usr/bin/python3 -c 'import os, torch
for line in open("/proc/self/maps"):
    if "libblas" in line or "openblas" in line:
        print(os.path.realpath(line.split()[-1])); break' 2>/dev/null || true)"
if [[ "$blas_lib" != *openblas* ]]; then
  echo "compare-mnist.sh: PyTorch is not on OpenBLAS (it loads '${blas_lib:-no BLAS or no torch}'); install it with" \
    "apt-get install -y python3-torch libopenblas0-pthread" >&2
  exit 2
fi
"$root/data/fetch-mnist.sh" >/dev/null
top="$(mktemp -d)"
# jiffies: the machine's CPU time so far (every CPU, /proc/stat) and the part of it that a hypervisor gave to other
# guests ("steal": time this machine wanted to run and could not)
jiffies() { awk '/^cpu / { t = 0; for (i = 2; i <= 9; i++) t += $i; print t, $9; exit }' /proc/stat; }
# add_steal FILE BEFORE: appends to the process line in FILE the share of the machine's CPU time stolen since the
# jiffies BEFORE (a busy host shows here, as well as in the load average)
add_steal() {
  local file="$1" before="$2" after line
  after="$(jiffies)"
  line="$(tail -n 1 "$file")"
  awk -v a="$before" -v b="$after" -v l="$line" 'BEGIN { split(a, x, " "); split(b, y, " "); d = y[1] - x[1];
    printf "%s, host steal %.1f %%\n", l, (d > 0 ? 100 * (y[2] - x[2]) / d : 0) }' >"$file"
}
# run_torch SIDE THREADS BLAS_THREADS: the PyTorch script with its pool of THREADS and OpenBLAS at BLAS_THREADS;
# its epochs go to the results as SIDE
run_torch() {
  local side="$1" threads="$2" blas="$3"
  echo "threads $threads, BLAS $blas thread(s), load before PyTorch: $(cat /proc/loadavg)"
  local before
  before="$(jiffies)"
  OPENBLAS_NUM_THREADS="$blas" OMP_NUM_THREADS="$threads" \
    /usr/bin/time -f "user %U s, system %S s, wall %e s" -o "$out/$side-$threads.time" \
    /usr/bin/python3 "$root/benchmarks/pytorch_mnist.py" --mnist-dir "$root/data/mnist" --train-limit "$limit" \
    --epochs "$epochs" --width "$width" --layers "$layers" --threads "$threads" | tee "$out/$side-$threads.txt"
  add_steal "$out/$side-$threads.time" "$before"
  echo "pytorch ($side) process CPU: $(cat "$out/$side-$threads.time")"
  python3 -c "
import json
for line in open('$out/$side-$threads.txt'):
    r = json.loads(line)
    print('$threads\t$side\t%d\t%s\t%s' % (r['epoch'], r['seconds'], r['cpu_seconds']))
" >>"$results"
}
for round in $(seq 1 "$rounds"); do
out="$top/round-$round"
mkdir -p "$out"
results="$out/results.tsv"
: >"$results"
touch "$out/loads-blas1.tsv"
if (( rounds > 1 )); then echo "round $round of $rounds"; fi
for threads in $thread_counts; do
  load_java="$(cat /proc/loadavg)"
  echo "threads $threads, load before Java: $load_java"
  before="$(jiffies)"
  # shellcheck disable=SC2086
  /usr/bin/time -f "user %U s, system %S s, wall %e s" -o "$out/java-$threads.time" \
    env JAVA_OPTS="-Xmx6g ${JAVA_OPTS:-}" "$root/pontryagin" mnist --mnist-dir "$root/data/mnist" \
    --train-limit "$limit" --epochs "$epochs" --width "$width" --layers "$layers" --threads "$threads" \
    --train-accuracy-points 1000 --progress none --overwrite --out "$out/java-$threads" -q 2>/dev/null \
    | tee "$out/java-$threads.txt"
  add_steal "$out/java-$threads.time" "$before"
  echo "java process CPU: $(cat "$out/java-$threads.time")"
  # the epoch lines: epoch, batch loss, train acc, validation acc, seconds, training seconds, cpu seconds (cumulative)
  awk -v t="$threads" '/^ *[0-9]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+$/ {print t "\tjava\t" $1 "\t" $6 - w "\t" $7 - c; w = $6; c = $7}' \
    "$out/java-$threads.txt" >>"$results"
  # torch.set_num_threads bounds PyTorch's own pool; OpenBLAS (pthread build) and OpenMP start their own threads
  # unless told, so that "1 thread" would use every core: bound them to the same count
  load_torch="$(cat /proc/loadavg)"
  run_torch torch "$threads" "$threads"
  if (( threads > 1 )); then
    # PyTorch's own pool (OpenMP) and OpenBLAS's pthreads both sized $threads make 2 x $threads threads that spin
    # against each other on $threads cores; its other reasonable setting: its pool of $threads, single-threaded BLAS
    load_torch1="$(cat /proc/loadavg)"
    run_torch torchblas1 "$threads" 1
    printf '%s\t%s\t%s\n' "$threads" "$load_torch1" "$(cat "$out/torchblas1-$threads.time")" >>"$out/loads-blas1.tsv"
  fi
  printf '%s\t%s\t%s\t%s\t%s\n' "$threads" "$load_java" "$load_torch" "$(cat "$out/java-$threads.time")" \
    "$(cat "$out/torch-$threads.time")" >>"$out/loads.tsv"
done
done
mkdir -p "$root/benchmarks/results"
python3 - "$top" "$rounds" "$limit" "$epochs" "$width" "$layers" "$root/benchmarks/results/mnist-speed.md" <<'PY'
import sys
from collections import defaultdict
top, rounds, limit, epochs, width, layers, path = sys.argv[1:8]
rounds, epochs = int(rounds), int(epochs)

def mean(values):
    return sum(values) / len(values) if values else float("nan")

# per round: (threads, side) -> epoch -> (wall, cpu); threads -> loads and process times; BLAS-1 loads
runs = []
for r in range(1, rounds + 1):
    rows = defaultdict(dict)
    for line in open(f"{top}/round-{r}/results.tsv"):
        t, side, e, wall, cpu = line.split("\t")
        rows[(t, side)][int(e)] = (float(wall), float(cpu))
    load = {}
    for line in open(f"{top}/round-{r}/loads.tsv"):
        t, lj, lt, jt, tt = line.rstrip("\n").split("\t")
        load[t] = (lj, lt, jt, tt)
    blas1 = {}
    for line in open(f"{top}/round-{r}/loads-blas1.tsv"):
        t, lb, tbt = line.rstrip("\n").split("\t")
        blas1[t] = (lb, tbt)
    runs.append((rows, load, blas1))

def chosen(t, side):
    """The round of (threads, side) with the least wall time per epoch over all epochs: (its epochs, round)."""
    options = [(mean([w for w, _ in rs[(t, side)].values()]), i) for i, (rs, _, _) in enumerate(runs)
               if (t, side) in rs]
    _, i = min(options)
    return runs[i][0][(t, side)], i

rows = {k: None for rs, _, _ in runs for k in rs}
lines = ["# MNIST ODE-net: time per epoch, Java against PyTorch float64", "",
         f"`benchmarks/compare-mnist.sh {limit} {epochs}` (WIDTH={width} LAYERS={layers}"
         + (f", ROUNDS={rounds}" if rounds > 1 else "") + f"): lift 784 -> {width}, "
         f"{layers} RK4 layers, batch 100, {int(0.9 * int(limit))} training images, {epochs} epoch(s). Seconds per "
         "epoch of the optimizer steps (wall) and of the whole process (CPU, every thread); first epoch, mean of the "
         "later ones, mean of all; ratio = PyTorch / Java."
         + (f" Each setting ran {rounds} times, one round after the other; each row is its round with the least "
            "wall time per epoch over all epochs (the round in brackets)." if rounds > 1 else ""), ""]
best = {}
for t in sorted({k[0] for k in rows}, key=int):
    java, java_round = chosen(t, "java")
    torch, torch_round = chosen(t, "torch")
    lj, _, jt, _ = runs[java_round][1][t]
    _, lt, _, tt = runs[torch_round][1][t]
    tag = (lambda i: f" [{i + 1}]") if rounds > 1 else (lambda i: "")
    lines += [f"## {t} thread(s) each", "",
              "| | wall first | wall later | wall all | CPU first | CPU later | CPU all |",
              "|---|---:|---:|---:|---:|---:|---:|"]
    summary = {}
    sides = [("Java (this project)", java, java_round), ("PyTorch float64", torch, torch_round)]
    blas1_round = None
    if (t, "torchblas1") in rows:
        blas1, blas1_round = chosen(t, "torchblas1")
        sides.append(("PyTorch float64, BLAS 1 thread", blas1, blas1_round))
    for name, side, r in sides:
        first = side.get(1, (float("nan"),) * 2)
        later = [side[e] for e in sorted(side) if e > 1]
        every = [side[e] for e in sorted(side)]
        s = (first[0], mean([w for w, _ in later]), mean([w for w, _ in every]),
             first[1], mean([c for _, c in later]), mean([c for _, c in every]))
        summary[name] = s
        lines.append(f"| {name}{tag(r)} | " + " | ".join(f"{v:.2f}" for v in s) + " |")
    j, p = summary["Java (this project)"], summary["PyTorch float64"]
    lines.append("| **PyTorch / Java** | " + " | ".join(f"**{b / a:.2f}**" for a, b in zip(j, p)) + " |")
    if "PyTorch float64, BLAS 1 thread" in summary:
        p1 = summary["PyTorch float64, BLAS 1 thread"]
        lines.append("| **PyTorch (BLAS 1 thread) / Java** | " + " | ".join(f"**{b / a:.2f}**" for a, b in zip(j, p1))
                     + " |")
    lines += ["", f"Load average before Java: {lj}; before PyTorch: {lt}. Whole processes (`/usr/bin/time`): "
              f"Java {jt}; PyTorch {tt}.", ""]
    if blas1_round is not None and t in runs[blas1_round][2]:
        lb, tbt = runs[blas1_round][2][t]
        lines += [f"PyTorch with BLAS 1 thread: load before {lb}; whole process {tbt}.", ""]
    best[t] = summary

# every side's fastest setting on this machine, whatever its thread count: what a user of either would pick
if best:
    def fastest(prefix):
        choices = [(s[2], s, f"{name}, {t} thread(s)") for t, summary in best.items()
                   for name, s in summary.items() if name.startswith(prefix)]
        return min(choices)
    jw, js, jn = fastest("Java")
    pw, ps, pn = fastest("PyTorch")
    lines += ["## Fastest against fastest", "",
              f"Each side's setting with the least wall time per epoch (all epochs): Java = {jn}; PyTorch = {pn}.", "",
              "| | wall first | wall later | wall all | CPU first | CPU later | CPU all |",
              "|---|---:|---:|---:|---:|---:|---:|",
              "| Java | " + " | ".join(f"{v:.2f}" for v in js) + " |",
              "| PyTorch | " + " | ".join(f"{v:.2f}" for v in ps) + " |",
              "| **PyTorch / Java** | " + " | ".join(f"**{b / a:.2f}**" for a, b in zip(js, ps)) + " |", ""]
text = "\n".join(lines)
print(text)
open(path, "w").write(text)
print("wrote", path)
PY

#!/usr/bin/env bash
# Time per epoch of the MNIST ODE-net (docs/mnist.md), this project against PyTorch float64, side by side.
#
#   benchmarks/compare-mnist.sh [TRAIN_LIMIT] [EPOCHS]
#
# Both train the same network, the defaults of `pontryagin mnist` (lift 784 -> WIDTH, LAYERS RK4 layers with learned
# h_n, softmax over 10 classes, Adam with a cosine schedule, batch 100, 2 threads) on the first TRAIN_LIMIT training
# images (default 60000; 90 % train, 10 % held out) for EPOCHS epochs (default 1), one after the other on the same
# machine. The time compared is that of the optimizer steps of an epoch on both sides: the Java trainer's clock
# without its evaluation passes ("training seconds"), the PyTorch loop's clock (it evaluates nothing). Prints the
# load average before each run and each process's CPU time, and writes the table to benchmarks/results/mnist-speed.md.
# Environment: WIDTH (default 128), LAYERS (default 2), THREADS (default 2).
# Needs PyTorch from Debian (apt-get install -y python3-torch), run with /usr/bin/python3.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
limit="${1:-60000}"
epochs="${2:-1}"
width="${WIDTH:-128}"
layers="${LAYERS:-2}"
threads="${THREADS:-2}"
"$root/data/fetch-mnist.sh" >/dev/null
jar="$root/examples/target/pontryagin-examples-0.1.0-SNAPSHOT-all.jar"
if [[ ! -f "$jar" ]]; then
  (cd "$root" && mvn -B -q -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true package -pl examples -am)
fi
out="$(mktemp -d)"
load_java="$(cat /proc/loadavg)"
echo "load before Java: $load_java"
/usr/bin/time -f "java CPU: user %U s, system %S s, wall %e s" -o "$out/java.time" \
  java --add-modules jdk.incubator.vector -Xmx6g -jar "$jar" mnist --mnist-dir "$root/data/mnist" \
  --train-limit "$limit" --epochs "$epochs" --width "$width" --layers "$layers" --threads "$threads" \
  --out "$out" -q 2>/dev/null | tee "$out/java.txt"
cat "$out/java.time"
# column 6 of the epoch lines: seconds of optimizer steps since the start (evaluation passes excluded)
java_total="$(awk '/^ *[0-9]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+$/ {t = $6} END {print t}' "$out/java.txt")"
load_torch="$(cat /proc/loadavg)"
echo "load before PyTorch: $load_torch"
/usr/bin/time -f "pytorch CPU: user %U s, system %S s, wall %e s" -o "$out/torch.time" \
  /usr/bin/python3 "$root/benchmarks/pytorch_mnist.py" --mnist-dir "$root/data/mnist" --train-limit "$limit" \
  --epochs "$epochs" --width "$width" --layers "$layers" --threads "$threads" | tee "$out/torch.txt"
cat "$out/torch.time"
torch_total="$(python3 -c "import json,sys; print(sum(json.loads(l)['seconds'] for l in open('$out/torch.txt')))")"
mkdir -p "$root/benchmarks/results"
python3 - "$java_total" "$torch_total" "$epochs" "$limit" "$width" "$layers" "$threads" "$load_java" "$load_torch" \
  "$(cat "$out/java.time")" "$(cat "$out/torch.time")" "$root/benchmarks/results/mnist-speed.md" <<'PY'
import sys
java, torch, epochs = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
limit, width, layers, threads, load_java, load_torch, java_time, torch_time, path = sys.argv[4:13]
line = (f"per epoch: Java {java / epochs:.1f} s, PyTorch float64 {torch / epochs:.1f} s, "
        f"PyTorch / Java = {torch / java:.2f}")
print(line)
with open(path, "w") as f:
    f.write("# MNIST ODE-net: time per epoch, Java against PyTorch float64\n\n")
    f.write(f"`benchmarks/compare-mnist.sh {limit} {epochs}` (WIDTH={width} LAYERS={layers} THREADS={threads}): "
            f"lift 784 -> {width}, {layers} RK4 layers, batch 100, {int(0.9 * int(limit))} training images, "
            f"{epochs} epoch(s), optimizer steps only.\n\n")
    f.write("| | seconds per epoch | process CPU time | load average before |\n|---|---:|---|---|\n")
    f.write(f"| Java (this project) | {java / epochs:.1f} | {java_time} | {load_java} |\n")
    f.write(f"| PyTorch float64 | {torch / epochs:.1f} | {torch_time} | {load_torch} |\n\n")
    f.write(f"PyTorch / Java = **{torch / java:.2f}**\n")
print("wrote", path)
PY

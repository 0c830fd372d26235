#!/usr/bin/env bash
# Time per epoch of the MNIST ODE-net (docs/mnist.md), this project against PyTorch float64, side by side.
#
#   benchmarks/compare-mnist.sh [TRAIN_LIMIT] [EPOCHS]
#
# Both train the same network (lift 784 -> 64, N = 4 RK4 layers, softmax over 10 classes, Adam, batch 100,
# 2 threads) on the first TRAIN_LIMIT training images (default 60000; 90 % train, 10 % held out) for EPOCHS
# epochs (default 1), one after the other on the same machine. The Java time is the trainer's clock at the end
# of the last epoch: it includes each epoch's evaluation of the training and validation accuracy, which the
# PyTorch script does not do, so the ratio understates the Java side. Prints the load average before each run.
# Needs PyTorch from Debian (apt-get install -y python3-torch), run with /usr/bin/python3.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
limit="${1:-60000}"
epochs="${2:-1}"
"$root/data/fetch-mnist.sh" >/dev/null
jar="$root/examples/target/pontryagin-examples-0.1.0-SNAPSHOT-all.jar"
if [[ ! -f "$jar" ]]; then
  (cd "$root" && mvn -B -q -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true package -pl examples -am)
fi
out="$(mktemp -d)"
echo "load before Java: $(cat /proc/loadavg)"
java --add-modules jdk.incubator.vector -Xmx6g -jar "$jar" mnist --mnist-dir "$root/data/mnist" \
  --train-limit "$limit" --epochs "$epochs" --out "$out" -q | tee "$out/java.txt"
# the trainer's clock at the end of the last epoch (includes each epoch's train/validation accuracy pass)
java_total="$(awk '/^ *[0-9]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+$/ {t = $5} END {print t}' "$out/java.txt")"
echo "load before PyTorch: $(cat /proc/loadavg)"
/usr/bin/python3 "$root/benchmarks/pytorch_mnist.py" --mnist-dir "$root/data/mnist" --train-limit "$limit" \
  --epochs "$epochs" | tee "$out/torch.txt"
torch_total="$(python3 -c "import json,sys; print(sum(json.loads(l)['seconds'] for l in open('$out/torch.txt')))")"
python3 - "$java_total" "$torch_total" "$epochs" <<'PY'
import sys
java, torch, epochs = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
print(f"per epoch: Java {java / epochs:.1f} s, PyTorch float64 {torch / epochs:.1f} s, "
      f"PyTorch / Java = {torch / java:.2f}")
PY

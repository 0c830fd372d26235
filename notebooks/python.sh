# Sourced by setup.sh and run.sh: chooses the Python whose Jupyter runs the notebooks.
#
# A Jupyter already installed is used when there is one, in this order: $NOTEBOOKS_PYTHON; the Python
# of the `jupyter` command on PATH (pip, conda, pipx or Debian: read from its #! line, after checking
# that `jupyter nbconvert --version` works); `python3` on PATH; /usr/bin/python3. A candidate is taken
# when it can `import nbconvert, nbclient, ipykernel`. Sets JUPYTER_PYTHON (empty when none fits) and
# JUPYTER_SOURCE (how it was found).

jupyter_python_ok() {
  [ -n "$1" ] && [ -x "$(command -v "$1" 2>/dev/null)" ] \
    && "$1" -c 'import nbconvert, nbclient, ipykernel' >/dev/null 2>&1
}

find_jupyter_python() {
  JUPYTER_PYTHON=""
  JUPYTER_SOURCE=""
  local candidate jupyter_cmd
  if [ -n "${NOTEBOOKS_PYTHON:-}" ]; then
    if jupyter_python_ok "$NOTEBOOKS_PYTHON"; then
      JUPYTER_PYTHON="$NOTEBOOKS_PYTHON"; JUPYTER_SOURCE="NOTEBOOKS_PYTHON"; return 0
    fi
    echo "[notebooks] NOTEBOOKS_PYTHON=$NOTEBOOKS_PYTHON cannot import nbconvert, nbclient and ipykernel" >&2
    return 1
  fi
  jupyter_cmd="$(command -v jupyter 2>/dev/null || true)"
  if [ -n "$jupyter_cmd" ] && jupyter nbconvert --version >/dev/null 2>&1; then
    # "#!/opt/conda/bin/python" or "#!/usr/bin/env python3": the interpreter, or env's argument
    candidate="$(head -n 1 "$jupyter_cmd" | sed -n 's/^#![[:space:]]*//p' \
        | awk '{ if ($1 ~ /\/env$/) print $2; else print $1 }')"
    if jupyter_python_ok "$candidate"; then
      JUPYTER_PYTHON="$(command -v "$candidate")"; JUPYTER_SOURCE="the jupyter on PATH ($jupyter_cmd)"; return 0
    fi
  fi
  for candidate in python3 /usr/bin/python3; do
    if jupyter_python_ok "$candidate"; then
      JUPYTER_PYTHON="$(command -v "$candidate")"; JUPYTER_SOURCE="$candidate on PATH"; return 0
    fi
  done
  return 1
}

#!/usr/bin/env bash
# Prepares everything the notebooks need; safe to run again (the second run takes seconds).
#
#   1. Jupyter: one already installed (pip, conda, Debian; see python.sh for the order) is used, and only
#      when none is found are the Debian packages installed; the script says which it uses;
#   2. the Java kernel (rapaio-jupyter-kernel, from Maven Central), a small launcher for it
#      (notebooks/kernel/KernelLauncher.java) and the kernel spec "pontryagin-java" under the user's
#      Jupyter data directory;
#   3. the project's jars, their runtime dependencies and XChart in notebooks/lib/ (built by the
#      notebooks module of the Maven build), which the notebooks load with the kernel's %jar magic.
#
# Environment: JUPYTER_DATA_DIR moves the kernel spec (default ~/.local/share/jupyter);
# NOTEBOOKS_FORCE_BUILD=1 rebuilds the jars even when they look up to date.
set -euo pipefail
cd "$(dirname "$0")/.."

source notebooks/python.sh
# 3.0.1 is the newest release on Maven Central; its own classes are Java 17 class files (major 61)
# and it runs on the JDK 17 that the project targets (see notebooks/README.md).
readonly KERNEL_VERSION=3.0.1
readonly KERNEL_NAME=pontryagin-java
readonly DEBIAN_PACKAGES=(jupyter-notebook jupyter-nbconvert python3-nbclient python3-ipykernel)

say() { echo "[notebooks/setup] $*" >&2; }

# --- 1. Jupyter --------------------------------------------------------------------------------
if find_jupyter_python; then
  say "using the Jupyter of $JUPYTER_PYTHON (found as $JUPYTER_SOURCE)"
else
  if [ -n "${NOTEBOOKS_PYTHON:-}" ]; then exit 1; fi
  say "no Jupyter found (jupyter on PATH, python3, /usr/bin/python3 cannot import nbconvert, nbclient and"\
" ipykernel): installing Debian packages ${DEBIAN_PACKAGES[*]}"
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=(sudo); else
      say "not root and no sudo: install ${DEBIAN_PACKAGES[*]} yourself"; exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -q
  "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${DEBIAN_PACKAGES[@]}"
  /usr/bin/python3 -c 'import nbconvert, nbclient, ipykernel'
  find_jupyter_python
  say "using the Jupyter of $JUPYTER_PYTHON (Debian packages)"
fi

# --- 2. The Java kernel and its kernel spec ------------------------------------------------------
home="${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}"
data_dir="${JUPYTER_DATA_DIR:-$home/.local/share/jupyter}"
kernel_dir="$data_dir/kernels/$KERNEL_NAME"
kernel_jar="$kernel_dir/rapaio-jupyter-kernel-$KERNEL_VERSION.jar"
if [ ! -s "$kernel_jar" ]; then
  say "fetching io.github.padreati:rapaio-jupyter-kernel:$KERNEL_VERSION from Maven Central"
  mkdir -p "$kernel_dir"
  mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.9.0:copy \
      -Dartifact="io.github.padreati:rapaio-jupyter-kernel:$KERNEL_VERSION" \
      -DoutputDirectory="$kernel_dir"
fi
launcher_dir="$kernel_dir/launcher"
launcher_source=notebooks/kernel/KernelLauncher.java
if [ ! -f "$launcher_dir/KernelLauncher.class" ] || [ "$launcher_source" -nt "$launcher_dir/KernelLauncher.class" ] \
    || [ "$kernel_jar" -nt "$launcher_dir/KernelLauncher.class" ]; then
  say "compiling the kernel launcher ($launcher_source)"
  rm -rf "$launcher_dir"
  mkdir -p "$launcher_dir"
  javac --release 17 -nowarn -cp "$kernel_jar" -d "$launcher_dir" "$launcher_source"
fi
java_bin="$(readlink -f "$(command -v java)")"
# The kernel runs the notebooks' code in its own JVM (JShell local execution), so these JVM flags are
# the notebooks' flags too: headless AWT for XChart's bitmap encoder, the project's test stack size.
cat > "$kernel_dir/kernel.json" <<EOF
{
  "argv": [
    "$java_bin",
    "-Djava.awt.headless=true",
    "-Xss8m",
    "-Xmx1g",
    "-cp",
    "$kernel_jar:$launcher_dir",
    "KernelLauncher",
    "{connection_file}"
  ],
  "display_name": "Java 17 (Pontryagin)",
  "language": "java",
  "interrupt_mode": "message",
  "env": {
    "RJK_CLASSPATH": "",
    "RJK_COMPILER_OPTIONS": "",
    "RJK_INIT_SCRIPT": "",
    "RJK_TIMEOUT_MILLIS": "-1",
    "RJK_MIMA_CACHE": "$kernel_dir/mima_cache"
  }
}
EOF
find "$kernel_dir" -maxdepth 1 -name 'rapaio-jupyter-kernel-*.jar' ! -name "$(basename "$kernel_jar")" -delete

# --- 3. The project's jars ------------------------------------------------------------------------
lib=notebooks/lib
built_jar="$(ls "$lib"/pontryagin-ode-nets-*.jar 2>/dev/null | head -n 1 || true)"
stale=yes
if [ -n "$built_jar" ] && [ "${NOTEBOOKS_FORCE_BUILD:-0}" != 1 ]; then
  newer="$(find pom.xml core adjoint ode-nets plots notebooks/pom.xml -newer "$built_jar" \
      \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -print -quit)"
  [ -z "$newer" ] && stale=no
fi
if [ "$stale" = yes ]; then
  say "building the project's jars into $lib"
  rm -rf "$lib"
  mvn -B -q -DskipTests package -pl notebooks -am
  touch "$lib"/pontryagin-*.jar
fi
say "ready in ${SECONDS} s: kernel '$KERNEL_NAME' ($kernel_dir), $(ls "$lib" | wc -l) jars in $lib"

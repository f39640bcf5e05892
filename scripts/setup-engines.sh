#!/usr/bin/env bash
# guardview engine tests' setup: installs, only when missing, what `make test-engines` needs to run
# the organisation-scale SQL for real — a Java 17 runtime (Debian `openjdk-17-jre-headless`) for
# Spark in local mode, and a project-local Python venv with pinned pyspark, duckdb, sqlglot,
# pyarrow (writes the Security Lake Parquet fixture) and pytest. Idempotent: a second run takes
# about a second. The venv lives in $TOOLS_DIR/engines-venv (default .tools/engines-venv).
#
# Knobs: TOOLS_DIR, SKIP_APT=1, PYTHON (the interpreter that creates the venv; default python3).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_DIR="${TOOLS_DIR:-$ROOT/.tools}"
VENV="$TOOLS_DIR/engines-venv"
PYTHON="${PYTHON:-python3}"

# Pinned. pyspark 3.5.x rather than 4.x: a ~318 MB download instead of ~456 MB, runs on Java 17.
PY_PACKAGES=(
  "pyspark==3.5.8"
  "duckdb==2.0.1"
  "sqlglot==30.31.0"
  "pyarrow==26.0.1"
  "pytest==9.2.0"
)

say() { printf 'setup-engines: %s\n' "$*" >&2; }
die() {
  printf 'setup-engines: ERROR: %s\n' "$*" >&2
  exit 1
}

# --- Java 17+ for Spark ----------------------------------------------------------------------
java_major() {
  command -v java >/dev/null 2>&1 || return 1
  java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1
}
major="$(java_major || true)"
if [ -z "$major" ] || [ "$major" -lt 17 ]; then
  [ "${SKIP_APT:-0}" = 1 ] && die "Java 17+ is missing and SKIP_APT=1"
  command -v apt-get >/dev/null 2>&1 || die "Java 17+ is missing: install a JRE 17 by hand"
  sudo_cmd=()
  if [ "$(id -u)" != 0 ]; then sudo_cmd=(sudo); fi
  say "installing openjdk-17-jre-headless"
  "${sudo_cmd[@]}" apt-get update -qq || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq openjdk-17-jre-headless ||
    die "apt-get install openjdk-17-jre-headless failed"
fi

# --- The Python venv -------------------------------------------------------------------------
if [ ! -x "$VENV/bin/python" ]; then
  say "creating $VENV"
  mkdir -p "$TOOLS_DIR"
  "$PYTHON" -m venv "$VENV" || die "$PYTHON -m venv failed (Debian: apt-get install python3-venv)"
fi
missing=()
for spec in "${PY_PACKAGES[@]}"; do
  name="${spec%%==*}"
  want="${spec##*==}"
  have="$("$VENV/bin/python" -c "import importlib.metadata as m; print(m.version('$name'))" 2>/dev/null || true)"
  [ "$have" = "$want" ] || missing+=("$spec")
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing ${missing[*]} (first run: ~400 MB download, a few minutes)"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "${missing[@]}" ||
    die "pip install failed"
fi
say "ready: $VENV (java $(java_major))"

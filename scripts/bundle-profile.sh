#!/usr/bin/env bash
# guardview bundle-profile: where the bytes of the shipped wasm modules are (issue #13, item 6).
#
#   scripts/bundle-profile.sh [page|worker|all]     (default: page; `make bundle-profile`)
#
# 1. Prints raw and gzip -9 sizes of every .wasm and .js in dist/ (what `make build` ships).
# 2. Links the module again with symbol names kept: `cargo rustc` with the shipped profile
#    (`release-ui` for the page, `release` for the ingest worker) and `-C strip=none` for the
#    final crate only, so the dependencies are not rebuilt and the code is the same; only the name
#    section differs. wasm-bindgen then runs as Trunk runs it, into target/bundle-profile/.
#    dist/ is not touched; the next `make build` links the shipped (stripped) module again.
# 3. Installs twiggy (pinned, into $TOOLS_DIR, only when missing) and prints `twiggy top`,
#    `twiggy dominators` and `twiggy monos` (duplicated generic code), plus the bytes per crate.
#
# Knobs: TOOLS_DIR (default .tools), TWIGGY_VERSION, TOP_N (default 30).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TOOLS_DIR="${TOOLS_DIR:-$ROOT/.tools}"
TWIGGY_VERSION="${TWIGGY_VERSION:-0.8.0}"
TOP_N="${TOP_N:-30}"
WHICH="${1:-page}"
OUT="$ROOT/target/bundle-profile"

say() { printf 'bundle-profile: %s\n' "$*" >&2; }
die() {
  printf 'bundle-profile: ERROR: %s\n' "$*" >&2
  exit 1
}

case "$WHICH" in page | worker | all) ;; *) die "usage: scripts/bundle-profile.sh [page|worker|all]" ;; esac
[ -f "$TOOLS_DIR/env.sh" ] || die "$TOOLS_DIR/env.sh is missing: run ./setup.sh first"
# shellcheck disable=SC1091
. "$TOOLS_DIR/env.sh"

# --- twiggy, pinned, installed once ------------------------------------------------------------
if ! "$TOOLS_DIR/bin/twiggy" --version 2>/dev/null | grep -q " $TWIGGY_VERSION\$"; then
  say "installing twiggy $TWIGGY_VERSION into $TOOLS_DIR (takes a minute, once)"
  env -u CARGO_BUILD_TARGET cargo install --quiet --locked --root "$TOOLS_DIR" "twiggy@$TWIGGY_VERSION" ||
    die "could not install twiggy $TWIGGY_VERSION with cargo"
fi
TWIGGY="$TOOLS_DIR/bin/twiggy"

# --- what ships: dist/ -------------------------------------------------------------------------
if [ -d dist ]; then
  echo "== dist/ as shipped (raw and gzip -9 bytes)"
  total_raw=0 total_gz=0
  for f in dist/*.wasm dist/*.js; do
    [ -f "$f" ] || continue
    raw=$(wc -c <"$f") gz=$(gzip -9 -c "$f" | wc -c)
    total_raw=$((total_raw + raw)) total_gz=$((total_gz + gz))
    printf '%-32s %10s %10s\n' "${f#dist/}" "$raw" "$gz"
  done
  printf '%-32s %10s %10s\n' total "$total_raw" "$total_gz"
else
  say "no dist/ yet (make build): skipping the shipped sizes"
fi

# --- a named build of one module, then twiggy --------------------------------------------------
wasm_bindgen_version="$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"

profile_module() { # label, cargo profile, bin, wasm-bindgen target, extra cargo args...
  local label="$1" profile="$2" bin="$3" bindgen_target="$4"
  shift 4
  say "linking $bin with profile $profile and its names kept (not shipped; takes minutes)"
  cargo rustc --quiet --target wasm32-unknown-unknown --profile "$profile" --bin "$bin" "$@" \
    -- -C strip=none
  mkdir -p "$OUT/$label"
  cp "target/wasm32-unknown-unknown/$profile/$bin.wasm" "$OUT/$label/$bin.named.wasm"
  wasm-bindgen --version | grep -q " $wasm_bindgen_version\$" ||
    die "wasm-bindgen is not $wasm_bindgen_version (run ./setup.sh)"
  wasm-bindgen --target "$bindgen_target" --no-typescript --out-dir "$OUT/$label" --out-name "$bin" \
    "$OUT/$label/$bin.named.wasm"
  local wasm="$OUT/$label/${bin}_bg.wasm"
  local summary="$ROOT/scripts/bundle-profile-summary.py"
  "$TWIGGY" top -n 1000000 -f csv "$wasm" >"$OUT/$label/top.csv"
  "$TWIGGY" dominators -d 2 -r 1000000 -f csv "$wasm" >"$OUT/$label/dominators.csv"
  "$TWIGGY" monos -g -m "$TOP_N" -f csv "$wasm" >"$OUT/$label/monos.csv"
  echo
  echo "== $label: $wasm ($(wc -c <"$wasm") bytes with names; the shipped file has no name section)"
  echo "   (full twiggy CSVs: $OUT/$label/{top,dominators,monos}.csv)"
  echo
  echo "-- twiggy top: the $TOP_N largest items (shallow bytes)"
  python3 "$summary" top "$TOP_N" <"$OUT/$label/top.csv"
  echo
  echo "-- bytes per crate (guardview per module), from twiggy top"
  python3 "$summary" crates <"$OUT/$label/top.csv"
  echo
  echo "-- generic families, from twiggy top"
  python3 "$summary" families <"$OUT/$label/top.csv"
  echo
  echo "-- twiggy dominators: what each entry point keeps alive (retained bytes)"
  python3 "$summary" dominators "$TOP_N" <"$OUT/$label/dominators.csv"
  echo
  echo "-- twiggy monos: duplicated generic code (bloat = bytes beyond one copy)"
  python3 "$summary" monos "$TOP_N" <"$OUT/$label/monos.csv"
}

if [ "$WHICH" = page ] || [ "$WHICH" = all ]; then
  profile_module page release-ui guardview web
fi
if [ "$WHICH" = worker ] || [ "$WHICH" = all ]; then
  profile_module worker release ingest_worker no-modules --no-default-features
fi

#!/usr/bin/env bash
# guardview setup: installs whatever is missing to build, serve and test the app, and nothing
# else. Idempotent: when everything is present it finishes in about a second.
#
# Two toolchain modes (override with WASM_TOOLCHAIN=rustup|debian):
#   rustup  - rustup already has the wasm32-unknown-unknown target (an ordinary developer machine).
#   debian  - rustup cannot add that target (offline machines): Debian's rustc-web/cargo-web 1.96
#             with rust-web-src builds std for wasm32 itself (-Zbuild-std), linked by lld-22.
#             A small `cargo` shim sends wasm32 builds there and everything else to rustup.
# Everything project-local goes to $TOOLS_DIR (default .tools/): trunk, wasm-bindgen-cli at the
# Cargo.lock version, the shim and env.sh. Source `.tools/env.sh` to use them.
#
# Knobs: TOOLS_DIR, WASM_TOOLCHAIN, TRUNK_VERSION, SKIP_APT=1, SKIP_NPM=1.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TOOLS_DIR="${TOOLS_DIR:-$ROOT/.tools}"
TRUNK_VERSION="${TRUNK_VERSION:-0.21.14}"
E2E_DIR="$ROOT/tests/e2e"

say() { printf 'setup: %s\n' "$*" >&2; }
die() {
  printf 'setup: ERROR: %s\n' "$*" >&2
  exit 1
}

# The cargo that installs host tools and runs native tests: the first cargo on PATH that is not
# our own shim (rustup's proxy on these machines). Compared by resolved path: reached through a
# symlinked `.tools` (a git worktree sharing one), the shim's path differs as text, and taking
# the shim would make it exec itself forever.
host_cargo() {
  local candidate shim
  shim="$(readlink -f "$TOOLS_DIR/shim/cargo" 2>/dev/null || echo "$TOOLS_DIR/shim/cargo")"
  for candidate in $(type -ap cargo); do
    [ "$(readlink -f "$candidate" 2>/dev/null || echo "$candidate")" = "$shim" ] && continue
    echo "$candidate"
    return 0
  done
  return 1
}

HOST_CARGO="$(host_cargo)" || die "no cargo found. Install Rust (https://rustup.rs) and run ./setup.sh again."

# --- Mode ------------------------------------------------------------------------------------
mode="${WASM_TOOLCHAIN:-}"
if [ -z "$mode" ]; then
  if command -v rustup >/dev/null 2>&1 &&
    rustup target list --installed 2>/dev/null | grep -qx 'wasm32-unknown-unknown'; then
    mode=rustup
  else
    mode=debian
  fi
fi
case "$mode" in rustup | debian) ;; *) die "WASM_TOOLCHAIN must be 'rustup' or 'debian', not '$mode'" ;; esac

# --- System packages -------------------------------------------------------------------------
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

apt_missing=()
if [ "$mode" = debian ]; then
  for pkg in rustc-web cargo-web rust-web-src rust-web-clippy; do
    installed "$pkg" || apt_missing+=("$pkg")
  done
  # rust-web-llvm's /usr/bin/rust-lld points at lld-22; lld-19 is the documented fallback.
  if ! installed lld-22 && ! installed lld-19; then apt_missing+=(lld-22); fi
fi
CHROME_BIN="${CHROME_BIN:-/usr/bin/chromium}"
CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
# make dist packs the site with zip(1); its test unpacks with unzip(1).
command -v zip >/dev/null 2>&1 || apt_missing+=(zip)
command -v unzip >/dev/null 2>&1 || apt_missing+=(unzip)
[ -x "$CHROME_BIN" ] || apt_missing+=(chromium)
[ -x "$CHROMEDRIVER" ] || apt_missing+=(chromium-driver)

if [ "${#apt_missing[@]}" -gt 0 ]; then
  [ "${SKIP_APT:-0}" = 1 ] && die "missing system packages (${apt_missing[*]}) and SKIP_APT=1"
  command -v apt-get >/dev/null 2>&1 ||
    die "missing ${apt_missing[*]} and this is not a Debian-like system: install them (or the equivalents) by hand"
  sudo_cmd=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "need root (or sudo) to install: ${apt_missing[*]}"
    sudo_cmd=(sudo)
  fi
  say "installing system packages: ${apt_missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq || die "apt-get update failed"
  if ! DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${apt_missing[@]}"; then
    if [[ " ${apt_missing[*]} " == *" lld-22 "* ]]; then
      say "lld-22 unavailable; trying lld-19"
      apt_missing=("${apt_missing[@]/lld-22/lld-19}")
      DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${apt_missing[@]}" ||
        die "could not install: ${apt_missing[*]}"
    else
      die "could not install: ${apt_missing[*]}"
    fi
  fi
fi
[ -x "$CHROME_BIN" ] || die "Chromium not found at $CHROME_BIN (set CHROME_BIN)"
[ -x "$CHROMEDRIVER" ] || die "ChromeDriver not found at $CHROMEDRIVER (set CHROMEDRIVER)"

# --- Project-local tools ---------------------------------------------------------------------
mkdir -p "$TOOLS_DIR/bin"

lock_version() {
  awk -v name="$1" '$0 == "name = \"" name "\"" { getline; gsub(/version = |"/, ""); print; exit }' \
    "$ROOT/Cargo.lock"
}
WASM_BINDGEN_VERSION="${WASM_BINDGEN_VERSION:-$(lock_version wasm-bindgen)}"
[ -n "$WASM_BINDGEN_VERSION" ] || die "wasm-bindgen is not in Cargo.lock"

# Installs crate@version into $TOOLS_DIR unless bin --version already reports that version.
# Falls back to an unlocked install: some published lockfiles pin crates the registry mirror lacks.
install_tool() {
  local crate="$1" version="$2" bin="$3"
  if "$TOOLS_DIR/bin/$bin" --version 2>/dev/null | grep -q " $version\$"; then return 0; fi
  say "installing $crate $version into $TOOLS_DIR (takes minutes, once)"
  "$HOST_CARGO" install --quiet --locked --root "$TOOLS_DIR" "$crate@$version" ||
    "$HOST_CARGO" install --quiet --force --root "$TOOLS_DIR" "$crate@$version" ||
    die "could not install $crate $version with cargo"
}
install_tool trunk "$TRUNK_VERSION" trunk
install_tool wasm-bindgen-cli "$WASM_BINDGEN_VERSION" wasm-bindgen

# --- cargo shim (debian mode) and env.sh -----------------------------------------------------
write_if_changed() { # path, content
  if [ ! -f "$1" ] || [ "$(cat "$1")" != "$2" ]; then printf '%s\n' "$2" >"$1"; fi
}

path_line="$TOOLS_DIR/bin"
if [ "$mode" = debian ]; then
  mkdir -p "$TOOLS_DIR/shim"
  linker_line=""
  if ! command -v rust-lld >/dev/null 2>&1 || [ ! -e "$(command -v rust-lld)" ]; then
    linker_line='export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=/usr/lib/llvm-19/bin/wasm-ld'
  fi
  write_if_changed "$TOOLS_DIR/shim/cargo" "#!/bin/sh
# Written by setup.sh. wasm32 builds go to Debian's rustc-web with -Zbuild-std (the same
# environment on every call, so std is built once); everything else goes to the host cargo.
for arg in \"\$@\" \"\${CARGO_BUILD_TARGET:-}\"; do
  case \"\$arg\" in
    *wasm32-unknown-unknown*)
      export PATH=\"/usr/bin:\$PATH\" RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1
      export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
      $linker_line
      exec /usr/bin/cargo \"\$@\" ;;
  esac
done
exec \"$HOST_CARGO\" \"\$@\""
  chmod +x "$TOOLS_DIR/shim/cargo"
  path_line="$TOOLS_DIR/shim:$TOOLS_DIR/bin"
fi
write_if_changed "$TOOLS_DIR/env.sh" "# Written by setup.sh ($mode mode). Source it: . .tools/env.sh
export PATH=\"$path_line:\$PATH\"
export CHROME_BIN=\"$CHROME_BIN\" CHROMEDRIVER=\"$CHROMEDRIVER\"
export GUARDVIEW_WASM_TOOLCHAIN=$mode"

# --- Playwright (playwright-core only: it drives Debian's Chromium, never downloads one) and axe-core
if [ "${SKIP_NPM:-0}" != 1 ]; then
  command -v npm >/dev/null 2>&1 || die "npm not found: install Node.js 18+ and npm"
  # Every pinned e2e package (playwright-core, axe-core): reinstall when any is missing or differs.
  missing="$(node -e "
    const lock = require('$E2E_DIR/package-lock.json').packages;
    const out = [];
    for (const name of ['playwright-core', 'axe-core']) {
      const wanted = lock['node_modules/' + name].version;
      let have = '';
      try { have = require('$E2E_DIR/node_modules/' + name + '/package.json').version; } catch (e) {}
      if (have !== wanted) out.push(name + '@' + wanted);
    }
    console.log(out.join(' '));
  ")"
  if [ -n "$missing" ]; then
    say "installing $missing (npm ci)"
    (cd "$E2E_DIR" && npm ci --silent --no-audit --no-fund) || die "npm ci failed in tests/e2e"
  fi
fi

# --- Consistency checks ----------------------------------------------------------------------
trunk_pin="$(sed -n 's/^wasm_bindgen *= *"\(.*\)"/\1/p' "$ROOT/Trunk.toml")"
if [ -n "$trunk_pin" ] && [ "$trunk_pin" != "$WASM_BINDGEN_VERSION" ]; then
  die "Trunk.toml pins wasm_bindgen $trunk_pin but Cargo.lock has $WASM_BINDGEN_VERSION: make them equal"
fi
say "ready ($mode mode). Tools: $TOOLS_DIR"

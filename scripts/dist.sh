#!/usr/bin/env bash
# guardview dist: packs a built static site (trunk's dist/) into OUT_DIR/NAME.zip, with a
# SHA256SUMS file inside the zip (every file of the site, relative to the zip's top directory)
# and a SHA256SUMS file beside it (every guardview-*.zip in OUT_DIR).
#
#   scripts/dist.sh SITE_DIR OUT_DIR [NAME]
#
# NAME defaults to guardview-<Cargo.toml version>-<short git commit>, with "-dirty" when the
# work tree has uncommitted changes. The zip holds one top directory NAME/; every entry's time
# is the commit's time, so the same commit packs to the same bytes. Uses zip(1) when present,
# else Python's zipfile.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
die() {
  printf 'dist: ERROR: %s\n' "$*" >&2
  exit 1
}

[ "$#" -ge 2 ] && [ "$#" -le 3 ] || die "usage: scripts/dist.sh SITE_DIR OUT_DIR [NAME]"
SITE_DIR="$1"
OUT_DIR="$2"
[ -f "$SITE_DIR/index.html" ] || die "$SITE_DIR/index.html is missing: build the site first (make build)"

version="$(sed -n 's/^version *= *"\(.*\)"/\1/p' "$ROOT/Cargo.toml" | head -n 1)"
[ -n "$version" ] || die "no version in Cargo.toml"
commit="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ "$commit" != unknown ] && ! git -C "$ROOT" diff --quiet HEAD -- 2>/dev/null; then
  commit="$commit-dirty"
fi
NAME="${3:-guardview-$version-$commit}"
case "$NAME" in */* | .* | "") die "NAME must be a plain file name, not '$NAME'" ;; esac
epoch="$(git -C "$ROOT" log -1 --format=%ct 2>/dev/null || date +%s)"

mkdir -p "$OUT_DIR"
OUT_DIR="$(cd "$OUT_DIR" && pwd)"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
cp -R "$SITE_DIR/." "$stage/$NAME/"
(
  cd "$stage/$NAME"
  rm -f SHA256SUMS
  # Written outside the directory first, so the list never names the sums file itself.
  find . -type f -printf '%P\n' | LC_ALL=C sort | xargs -d '\n' sha256sum -- >"$stage/sums"
  mv "$stage/sums" SHA256SUMS
  find . -exec touch -h -d "@$epoch" {} +
)

zip_path="$OUT_DIR/$NAME.zip"
rm -f "$zip_path"
if command -v zip >/dev/null 2>&1; then
  (cd "$stage" && find "$NAME" | LC_ALL=C sort | TZ=UTC zip -q -X -D -@ "$zip_path")
else
  python3 - "$stage" "$NAME" "$zip_path" "$epoch" <<'PY'
import os, sys, time, zipfile
stage, name, zip_path, epoch = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
stamp = time.gmtime(max(epoch, 315532800))[:6]  # zip cannot date before 1980
paths = []
for top, dirs, files in os.walk(os.path.join(stage, name)):
    paths += [os.path.relpath(os.path.join(top, f), stage) for f in files]
with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
    for path in sorted(paths):
        info = zipfile.ZipInfo(path, stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        with open(os.path.join(stage, path), "rb") as source:
            archive.writestr(info, source.read())
PY
fi

(cd "$OUT_DIR" && find . -maxdepth 1 -name 'guardview-*.zip' -printf '%P\n' | LC_ALL=C sort |
  xargs -d '\n' -r sha256sum -- >SHA256SUMS)
echo "dist: wrote $zip_path ($(wc -l <"$stage/$NAME/SHA256SUMS") files) and $OUT_DIR/SHA256SUMS"

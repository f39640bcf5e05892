#!/usr/bin/env bash
# Installs the real office clients the office-export tests open files with: LibreOffice Impress
# and Calc (headless use only) and poppler-utils (pdfinfo, pdftotext). Debian packages, without
# recommended extras, and only when missing: when everything is present this takes well under a
# second. Called by `make test-office`.
#
# Versions: Debian's stable release fixes the LibreOffice series (bookworm: 7.4) and ships only
# security fixes within it, so the package names are the pin; an exact version string would
# stop installing at the next security update.
#
# Knobs: SKIP_APT=1 (fail instead of installing).
set -euo pipefail

say() { printf 'setup-office: %s\n' "$*" >&2; }
die() {
  printf 'setup-office: ERROR: %s\n' "$*" >&2
  exit 1
}

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

missing=()
for pkg in libreoffice-impress libreoffice-calc poppler-utils; do
  installed "$pkg" || missing+=("$pkg")
done

if [ "${#missing[@]}" -gt 0 ]; then
  [ "${SKIP_APT:-0}" = 1 ] && die "missing system packages (${missing[*]}) and SKIP_APT=1"
  command -v apt-get >/dev/null 2>&1 ||
    die "missing ${missing[*]} and this is not a Debian-like system: install LibreOffice and poppler by hand"
  sudo_cmd=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "need root (or sudo) to install: ${missing[*]}"
    sudo_cmd=(sudo)
  fi
  say "installing ${missing[*]} (a few minutes, once)"
  started=$(date +%s)
  "${sudo_cmd[@]}" apt-get update -qq || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" || die "could not install: ${missing[*]}"
  say "installed in $(($(date +%s) - started)) s"
fi

command -v soffice >/dev/null 2>&1 || die "soffice not on PATH after installing LibreOffice"
command -v pdfinfo >/dev/null 2>&1 || die "pdfinfo not on PATH after installing poppler-utils"
command -v pdftotext >/dev/null 2>&1 || die "pdftotext not on PATH after installing poppler-utils"

#!/usr/bin/env bash
# Installs the Debian packages the document extractors call (idempotent; run by `make test` before pytest).
#   antiword, catdoc            fast text-only .doc/.wps fallback
#   poppler-utils               pdftotext/pdfinfo, used when inspecting PDFs by hand and in benchmarks
#   libreoffice-writer-nogui    .doc/.wps/.rtf -> .docx with real tables (the exact path)
#   fonts-noto-cjk              CJK glyphs for LibreOffice
# Installs only what is missing, and only as root (CI runs as root); otherwise prints what to run.
set -euo pipefail

# package -> a command or file that proves it is installed
declare -A PROBE=(
  [antiword]="antiword"
  [catdoc]="catdoc"
  [poppler-utils]="pdftotext"
  [libreoffice-writer-nogui]="soffice"
  [fonts-noto-cjk]="/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
)

missing=()
for pkg in antiword catdoc poppler-utils libreoffice-writer-nogui fonts-noto-cjk; do
  probe=${PROBE[$pkg]}
  if [[ $probe == /* ]]; then
    [[ -e $probe ]] || missing+=("$pkg")
  else
    command -v "$probe" >/dev/null 2>&1 || missing+=("$pkg")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-system-deps: all present (antiword catdoc poppler-utils libreoffice-writer-nogui fonts-noto-cjk)"
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "install-system-deps: missing ${missing[*]}; not root, so not installing." >&2
  echo "  run: sudo apt-get install -y ${missing[*]}" >&2
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-system-deps: missing ${missing[*]} and no apt-get on this system; install them by hand." >&2
  exit 0
fi

echo "install-system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
echo "install-system-deps: installed ${missing[*]}"

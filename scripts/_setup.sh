# Sourced by scripts/serve and scripts/test: find Python >= 3.11, create .venv, install.
# Re-installs only when pyproject.toml changed (a stamp keyed by its hash).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

find_python() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  echo "Python 3.11 or newer is needed" >&2; return 1
}

setup_venv() {  # $1: the extras to install, e.g. "" or "[dev]"
  local extras="${1:-}"
  if [ ! -x .venv/bin/python ]; then
    "$(find_python)" -m venv .venv
    .venv/bin/python -m pip install --quiet --upgrade pip setuptools wheel
  fi
  local stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)${extras//[^a-z]/-}"
  if [ ! -f "$stamp" ]; then
    .venv/bin/python -m pip install --quiet -e ".${extras}"
    touch "$stamp"
  fi
}

run_detached() {  # $1: log file, then the command. Started so that init, not us, reaps it:
  # `scripts/serve` execs into gunicorn, whose master would leave a child of ours a zombie.
  local log="$1"; shift
  ( "$@" >"$log" 2>&1 & )
}

# Public labelled corpora beside the repository (development and CI); never copied in.
if [ -z "${NETPOLARNA_CORPUS_DIRS:-}" ] && [ -d "$ROOT/../shared/data" ]; then
  export NETPOLARNA_CORPUS_DIRS="$(cd "$ROOT/../shared/data" && pwd)"
fi

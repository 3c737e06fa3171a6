#!/usr/bin/env bash
# Install everything Evidence Workbench needs on Debian 12, then run it or its tests.
#   bash packaging/bootstrap.sh run     install, then open the app on the bundled demo review
#   bash packaging/bootstrap.sh test    install, then run every quality gate and the test suite
# Idempotent: system packages are installed only when missing, and the virtual environment is
# reinstalled only when pyproject.toml changed, so a second run starts in a few seconds.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${WORKBENCH_VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"
MODE="${1:-run}"

# Offscreen Qt (tests, screenshots) needs these; a real window also needs the xcb set.
OFFSCREEN_PACKAGES=(libegl1 libgl1 libfontconfig1 libxkbcommon0 libdbus-1-3 libglib2.0-0
                    fonts-dejavu-core)
# The test suite also validates the desktop files of the app bundle.
TEST_PACKAGES=(desktop-file-utils appstream)
WINDOW_PACKAGES=(libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
                 libxcb-render-util0 libxcb-shape0 libxkbcommon-x11-0)

missing_packages() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
      || echo "$pkg"
  done
}

install_system_packages() {
  command -v dpkg-query >/dev/null || { echo "Not a Debian system: install Qt's libraries yourself."; return; }
  local wanted=("${OFFSCREEN_PACKAGES[@]}")
  [ "$MODE" = run ] && wanted+=("${WINDOW_PACKAGES[@]}")
  [ "$MODE" = test ] && wanted+=("${TEST_PACKAGES[@]}")
  [ "$MODE" = run ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && wanted+=(xvfb xauth)
  mapfile -t missing < <(missing_packages "${wanted[@]}")
  [ "${#missing[@]}" -eq 0 ] && return
  echo "Installing system libraries: ${missing[*]}"
  local sudo="" log="${TMPDIR:-/tmp}/workbench-apt.log"
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  { $sudo apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
      "${missing[@]}"; } > "$log" 2>&1 || { cat "$log"; echo "apt-get failed (see above)"; exit 1; }
}

install_python_packages() {
  local stamp="$VENV/.workbench-installed"
  local digest
  digest="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$digest" ] && [ -x "$VENV/bin/workbench" ]; then
    return
  fi
  if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV" || {
      echo "Could not create a virtual environment: apt-get install python3-venv"; exit 1; }
  fi
  echo "Installing the Python packages into $VENV (a few minutes the first time)"
  local log="$VENV/install.log"
  { "$VENV/bin/python" -m pip install --upgrade pip &&
    "$VENV/bin/python" -m pip install -e "$ROOT[test]"; } > "$log" 2>&1 ||
    { tail -40 "$log"; echo "pip failed: the whole log is in $log"; exit 1; }
  echo "$digest" > "$stamp"
}

run_app() {
  local demo="$ROOT/demo/ketamine-demo.wbproj"
  mkdir -p "$(dirname "$demo")"
  [ -f "$demo" ] || "$VENV/bin/workbench" demo --out "$demo"
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "No display found: starting the app on a virtual screen (xvfb-run)."
    exec xvfb-run -a -s "-screen 0 1600x1000x24" "$VENV/bin/workbench" "$demo" "${@}"
  fi
  exec "$VENV/bin/workbench" "$demo" "${@}"
}

run_tests() {
  cd "$ROOT"
  export QT_QPA_PLATFORM=offscreen
  echo "== ruff"; "$VENV/bin/ruff" check .
  echo "== import-linter"; "$VENV/bin/lint-imports"
  echo "== pytest"
  # Exit code 5 means pytest collected nothing: that is a failure here, never a pass.
  set +e
  "$VENV/bin/python" -m pytest "$@"
  local code=$?
  set -e
  if [ "$code" -eq 5 ]; then echo "pytest collected no tests: failing loudly."; exit 1; fi
  exit "$code"
}

install_system_packages
install_python_packages
shift || true
case "$MODE" in
  run) run_app "$@" ;;
  test) run_tests "$@" ;;
  install) echo "Installed into $VENV" ;;
  *) echo "usage: bash packaging/bootstrap.sh run|test|install"; exit 2 ;;
esac

#!/usr/bin/env bash
# Smoke test of a built app-image (packaging/build.sh app-image), as a user
# would meet it:
#   1. the CLI through the bundled runtime: bin/SonicSight identify --json FILE
#      (with the model in the build: exit 0 and verdict "dog" on a dog bark;
#      without it: exit 5 and the "No local model" sentence);
#   2. the desktop app under X (DISPLAY must be set, e.g. Xvfb): --demo FILE
#      shows a window named SonicSight, the screen is not blank, JavaFX prints
#      no "Unsupported JavaFX configuration" warning, and SIGTERM
#      ends it within 10 s with status 0 or 143 and no JVM crash file;
#      then kiosk/run-app.sh (the kiosk unit's chain, minus cage) must show
#      the window and stop the same way.
#      While the desktop UI is not in the build, the app must say so (exit 1)
#      and this part prints SKIPPED instead of failing.
#
#   packaging/smoke-test.sh [APP_DIR] [FIXTURES_DIR]
#     APP_DIR       default target/packaging/SonicSight
#     FIXTURES_DIR  default ../shared/data/fixtures
# Prints PASS/FAIL/SKIPPED lines; exits 1 if anything failed. Screenshots go
# to target/packaging/smoke/desktop.png and kiosk.png.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
app="${1:-target/packaging/SonicSight}"
fixtures="${2:-${SONICSIGHT_SHARED:-../shared}/data/fixtures}"
out=target/packaging/smoke
rm -rf "$out" && mkdir -p "$out"
out=$(realpath "$out")
launcher="$(realpath "$app")/bin/SonicSight"
jar="$(realpath "$app")/lib/app/sonicsight.jar"
dog="$(realpath "$fixtures")/dog_bark_esc50_22050hz_mono.wav"
failed=0
pass() { echo "smoke: PASS $*"; }
fail() { echo "smoke: FAIL $*"; failed=1; }
# shellcheck source=packaging/x-checks.sh
. packaging/x-checks.sh

[ -x "$launcher" ] || { fail "no launcher at $launcher (run packaging/build.sh app-image)"; exit 1; }
[ -f "$dog" ] || { fail "fixture missing: $dog"; exit 1; }
entries=$(unzip -Z1 "$jar")
has() { grep -qx "$1" <<<"$entries"; }

# --- 1. CLI through the packaged runtime ----------------------------------------------------
"$launcher" identify --json "$dog" >"$out/identify.out" 2>"$out/identify.err"
rc=$?
if has org/sonicsight/model/sonicsight.onnx; then
  if [ "$rc" = 0 ] && grep -q '"verdict":"dog"' "$out/identify.out"; then
    pass "identify --json through the app-image: $(grep -o '"verdict":"[a-z]*","label":"[^"]*","confidence":[0-9.]*' "$out/identify.out")"
  else
    fail "identify --json exited $rc: $(head -c 400 "$out/identify.out" "$out/identify.err")"
  fi
else
  if [ "$rc" = 5 ] && grep -q 'No local model' "$out/identify.err" && [ "$(wc -l <"$out/identify.err")" = 1 ]; then
    pass "identify without a model in this build: exit 5, one line: $(cat "$out/identify.err")"
  else
    fail "identify without a model: expected exit 5 and one 'No local model' line, got $rc: $(head -c 400 "$out/identify.err")"
  fi
fi

# --- 2. the desktop window ------------------------------------------------------------------
if ! has org/sonicsight/ui/DesktopLauncher.class; then
  (cd "$out" && "$launcher" --demo "$dog") >"$out/desktop.out" 2>"$out/desktop.err"
  rc=$?
  if [ "$rc" = 1 ] && grep -q 'not part of this build' "$out/desktop.err"; then
    echo "smoke: SKIPPED: desktop UI not in this build (the app says: $(cat "$out/desktop.err"))"
  else
    fail "without the desktop UI the app should say so and exit 1; got $rc: $(head -c 400 "$out/desktop.err")"
  fi
  exit "$failed"
fi

if [ -z "${DISPLAY:-}" ] || ! command -v xwininfo >/dev/null; then
  fail "desktop window check needs DISPLAY (Xvfb) and xwininfo (x11-utils)"
  exit 1
fi
# check_window NAME MIN_W MIN_H COMMAND...: starts COMMAND in its own process
# group (cwd $out), waits for a mapped "SonicSight" window of at least
# MIN_W x MIN_H, screenshots the screen after 5 s and checks it is not blank,
# then SIGTERMs the group: it must be gone within 10 s with status 0 or 143
# and leave no JVM crash file.
check_window() {
  local name="$1" min_w="$2" min_h="$3" start pid window spread stopped rc crash
  shift 3
  start=$(date +%s%N)
  (cd "$out" && exec setsid "$@") >"$out/$name.out" 2>"$out/$name.err" &
  pid=$!
  window=""
  for _ in $(seq 1 600); do
    # The stage appears first as a 10x10 stub; wait until it has its real size.
    window=$(xwininfo -root -tree 2>/dev/null | grep -E '"SonicSight"' \
      | awk -v w="$min_w" -v h="$min_h" '{ if (match($0, /[0-9]+x[0-9]+\+/)) {
               split(substr($0, RSTART, RLENGTH - 1), wh, "x");
               if (wh[1] + 0 >= w && wh[2] + 0 >= h) { print; exit } } }')
    [ -n "$window" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$window" ]; then
    fail "$name: no SonicSight window of at least ${min_w}x${min_h} within 60 s:" \
      "$(xwininfo -root -tree 2>/dev/null | grep '"SonicSight"' | tr -s ' ' | head -3) $(tail -c 600 "$out/$name.err")"
    kill -KILL -- "-$pid" 2>/dev/null
    return
  fi
  pass "$name: window shown after $(( ($(date +%s%N) - start) / 1000000 )) ms: $(tr -s " " <<<"$window")" \
    "(screen $(xwininfo -root | awk '/Width:/ { w = $2 } /Height:/ { h = $2 } END { print w "x" h }'))"

  # Give the live view a few seconds of input, then look at the screen.
  sleep 5
  screenshot_not_blank "$name" "$out/$name.png"

  stopped=""
  terminate_group "$name" "$pid" && stopped=1
  wait "$pid"
  rc=$?
  if [ -n "$stopped" ]; then
    if [ "$rc" = 0 ] || [ "$rc" = 143 ]; then
      pass "$name: SIGTERM ended it with status $rc"
    else
      fail "$name: SIGTERM ended it with status $rc (want 0 or 143)"
    fi
  fi
  # JavaFX must be loaded as named modules (org.sonicsight.app.Launcher), never from the class path.
  if grep -q 'Unsupported JavaFX configuration' "$out/$name.err"; then
    fail "$name: JavaFX warned: $(grep -m1 'Unsupported JavaFX configuration' "$out/$name.err")"
  else
    pass "$name: no 'Unsupported JavaFX configuration' warning on stderr"
  fi
  crash=$(find "$out" /tmp -maxdepth 1 -name 'hs_err_pid*.log' -newer "$out/$name.err" 2>/dev/null)
  if [ -n "$crash" ]; then
    fail "$name: JVM crash file $crash: $(head -c 600 "$crash")"
  else
    pass "$name: no hs_err_pid*.log"
  fi
}

command -v import >/dev/null || fail "imagemagick (import, convert) is not installed"
check_window desktop 200 200 "$launcher" --demo "$dog"

# The kiosk chain as the systemd unit starts it (minus cage): run-app.sh with
# the settings in the environment must bring up the app's window. Whether it
# fills the screen is not checked here (no window manager on this Xvfb):
# kiosk/test-screens.sh checks it with one, at both touchscreen sizes.
SONICSIGHT_KIOSK=1 SONICSIGHT_KIOSK_PIN=1234 PORT="" SPACE="" SONICSIGHT_APP="$launcher" \
  check_window kiosk 200 200 "$PWD/kiosk/run-app.sh"
exit "$failed"

#!/usr/bin/env bash
# Runs the kiosk's compositor chain for real, on cage's headless backend (no
# screen, no GPU): start-cage.sh -> cage -> run-app.sh -> the app, on Xwayland.
#   - the exit status crosses cage: an app exiting 0 (the owner exit) makes
#     start-cage.sh exit 0, one exiting 3 makes it exit 3 (systemd restarts);
#   - with the desktop UI in the build: the app-image in --kiosk mode gets a
#     window that covers cage's whole output at +0+0 (screenshot of the X
#     window: target/packaging/smoke/cage-kiosk.png), and SIGTERM to the
#     chain stops it within 15 s.
# cage refuses to run as root, so as root this runs the chain as "nobody".
#   kiosk/test-cage.sh [APP_DIR]      APP_DIR default target/packaging/SonicSight
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
app="$(realpath "${1:-target/packaging/SonicSight}")"
out="$(realpath -m target/packaging/smoke)"
mkdir -p "$out"
failed=0
pass() { echo "cage: PASS $*"; }
fail() { echo "cage: FAIL $*"; failed=1; }

for tool in cage Xwayland xwininfo import; do
  command -v "$tool" >/dev/null || { fail "$tool is not installed (Debian: cage xwayland x11-utils imagemagick)"; exit 1; }
done
run_dir=$(mktemp -d)
trap 'rm -rf "$run_dir"' EXIT
chmod 755 "$run_dir"
as_user=()
if [ "$(id -u)" = 0 ]; then
  chown nobody "$run_dir"
  as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
fi
# Everything the chain needs, in a folder the unprivileged user may read.
kiosk_dir="$run_dir/kiosk"
mkdir -p "$kiosk_dir"
cp kiosk/start-cage.sh kiosk/run-app.sh "$kiosk_dir/"
runtime="$run_dir/xdg"
mkdir -m 700 "$runtime"
[ "${#as_user[@]}" = 0 ] || chown nobody "$runtime"

# chain APP [ENV...]: start-cage.sh with SONICSIGHT_APP=APP, in the background; sets $pid.
chain() {
  local target="$1"
  shift
  "${as_user[@]}" env -i PATH="$PATH" HOME="$runtime" XDG_RUNTIME_DIR="$runtime" \
    WLR_BACKENDS=headless WLR_LIBINPUT_NO_DEVICES=1 WLR_RENDERER=pixman \
    SONICSIGHT_KIOSK=1 PORT="" SPACE="" SONICSIGHT_KIOSK_DIR="$kiosk_dir" SONICSIGHT_APP="$target" "$@" \
    setsid "$kiosk_dir/start-cage.sh" >>"$run_dir/cage.log" 2>&1 &
  pid=$!
}

for want in 0 3; do
  printf '#!/bin/sh\nsleep 1\nexit %s\n' "$want" > "$kiosk_dir/fake-app.sh"
  chmod 755 "$kiosk_dir/fake-app.sh"
  chain "$kiosk_dir/fake-app.sh"
  timeout 30 tail --pid="$pid" -f /dev/null
  wait "$pid"
  got=$?
  if [ "$got" = "$want" ]; then
    pass "an app exiting $want makes start-cage.sh exit $want (through cage)"
  else
    fail "an app exiting $want made start-cage.sh exit $got: $(tail -c 500 "$run_dir/cage.log")"
  fi
done

if ! unzip -Z1 "$app/lib/app/sonicsight.jar" | grep -qx org/sonicsight/ui/DesktopLauncher.class; then
  echo "cage: SKIPPED: desktop UI not in this build (the kiosk window check needs it)"
  exit "$failed"
fi

: >"$run_dir/cage.log"
# A wrapper notes the Xwayland display cage gives the app, then becomes the app.
# shellcheck disable=SC2016 # $DISPLAY and $@ belong to the wrapper
printf '#!/bin/sh\necho "$DISPLAY" > "%s/display"\nexec "%s" "$@"\n' "$run_dir" "$app/bin/SonicSight" > "$kiosk_dir/app.sh"
chmod 755 "$kiosk_dir/app.sh"
chain "$kiosk_dir/app.sh"
display=""
window=""
for _ in $(seq 1 600); do
  kill -0 "$pid" 2>/dev/null || break
  display=$(cat "$run_dir/display" 2>/dev/null)
  if [ -n "$display" ]; then
    window=$("${as_user[@]}" env DISPLAY="$display" xwininfo -root -tree 2>/dev/null | grep '"SonicSight"' \
      | awk '{ if (match($0, /[0-9]+x[0-9]+\+[0-9]+\+[0-9]+/)) { g = substr($0, RSTART, RLENGTH);
               split(g, wh, "[x+]"); if (wh[1] >= 640) { print $1, g; exit } } }')
    [ -n "$window" ] && break
  fi
  sleep 0.1
done
if [ -z "$window" ]; then
  fail "no SonicSight window on cage's Xwayland within 60 s: $(tail -c 800 "$run_dir/cage.log")"
else
  read -r id geometry <<<"$window"
  root=$("${as_user[@]}" env DISPLAY="$display" xwininfo -root | awk '/Width:/ { w = $2 } /Height:/ { h = $2 } END { print w "x" h "+0+0" }')
  if [ "$geometry" = "$root" ]; then
    pass "kiosk window covers cage's whole output ($geometry)"
  else
    fail "kiosk window is $geometry, cage's output is $root"
  fi
  sleep 3
  if "${as_user[@]}" env DISPLAY="$display" import -window "$id" "$run_dir/cage-kiosk.png" 2>/dev/null; then
    cp "$run_dir/cage-kiosk.png" "$out/cage-kiosk.png"
    pass "screenshot $out/cage-kiosk.png"
  else
    fail "could not take a screenshot of window $id"
  fi
fi
kill -TERM -- "-$pid" 2>/dev/null
if timeout 15 tail --pid="$pid" -f /dev/null; then
  wait "$pid"
  pass "SIGTERM stopped the chain (start-cage.sh exit $?)"
else
  fail "the chain still runs 15 s after SIGTERM"
  kill -KILL -- "-$pid" 2>/dev/null
fi
exit "$failed"

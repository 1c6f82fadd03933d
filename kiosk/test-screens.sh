#!/usr/bin/env bash
# Kiosk mode on the two Raspberry Pi touchscreen sizes, on real X servers:
# for 800x480 (the official 7" display) and 1280x720 (Touch Display 2), a
# private Xvfb of that size with a window manager that honours full-screen
# requests without forcing them (openbox), and the app started with --kiosk
# --demo FILE. Checks that the SonicSight window covers the whole screen at
# +0+0 and carries _NET_WM_STATE_FULLSCREEN, saves a screenshot
# (target/kiosk-screens/kiosk-WxH-xvfb.png) and checks it is not blank, that
# SIGTERM ends the app within 10 s, and that JavaFX printed no
# "Unsupported JavaFX configuration" warning (java -jar loads it as modules).
#   kiosk/test-screens.sh [JAR]        JAR default target/sonicsight.jar
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
jar="${1:-target/sonicsight.jar}"
dog="${SONICSIGHT_SHARED:-../shared}/data/fixtures/dog_bark_esc50_22050hz_mono.wav"
out=target/kiosk-screens
mkdir -p "$out"
failed=0
pass() { echo "screens: PASS $*"; }
fail() { echo "screens: FAIL $*"; failed=1; }
# shellcheck source=packaging/x-checks.sh
. packaging/x-checks.sh

for tool in Xvfb openbox xwininfo xprop import convert java; do
  command -v "$tool" >/dev/null || { fail "$tool is not installed"; exit 1; }
done
[ -f "$jar" ] || { fail "$jar is missing (./mvnw package first)"; exit 1; }
[ -f "$dog" ] || { fail "$dog is missing"; exit 1; }

pids=()
trap 'kill "${pids[@]}" 2>/dev/null' EXIT

for size in 800x480 1280x720; do
  display=""
  for n in $(seq 130 160); do
    [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || { display=":$n"; break; }
  done
  Xvfb "$display" -screen 0 "${size}x24" -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  pids+=("$xvfb")
  for _ in $(seq 1 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
  DISPLAY="$display" openbox >/dev/null 2>&1 &
  wm=$!
  pids+=("$wm")
  sleep 1

  log="$out/kiosk-$size.log"
  start=$(date +%s%N)
  DISPLAY="$display" SONICSIGHT_KIOSK_PIN=1234 setsid java -jar "$jar" --kiosk --demo "$dog" >"$log" 2>&1 &
  app=$!
  # Wait for both: covering the screen and the full-screen state (at 1280x720 the first, windowed
  # frame already has the screen's size, so the geometry alone proves nothing).
  geometry=""
  state=""
  for _ in $(seq 1 600); do
    kill -0 "$app" 2>/dev/null || break
    line=$(DISPLAY="$display" xwininfo -root -tree 2>/dev/null | grep '"SonicSight"' | grep -F "${size}+0+0" | head -1)
    if [ -n "$line" ]; then
      geometry="$size+0+0"
      window=$(awk '{ print $1 }' <<<"$line")
      state=$(DISPLAY="$display" xprop -id "$window" _NET_WM_STATE 2>/dev/null)
      grep -q _NET_WM_STATE_FULLSCREEN <<<"$state" && break
    fi
    sleep 0.1
  done
  if [ -z "$geometry" ]; then
    fail "$size: no SonicSight window covering the screen within 60 s:" \
      "$(DISPLAY="$display" xwininfo -root -tree 2>/dev/null | grep '"SonicSight"' | tr -s ' ' | head -3)" \
      "$(tail -c 400 "$log")"
  else
    pass "$size: the kiosk window covers the screen ($geometry) after $(( ($(date +%s%N) - start) / 1000000 )) ms"
    if grep -q _NET_WM_STATE_FULLSCREEN <<<"$state"; then
      pass "$size: the window is in full-screen state"
    else
      fail "$size: the window manager did not mark it full screen: $state"
    fi
    sleep 5
    DISPLAY="$display" screenshot_not_blank "$size" "$out/kiosk-$size-xvfb.png"
  fi

  if terminate_group "$size" "$app"; then
    pass "$size: SIGTERM ended the kiosk"
  fi
  # java -jar loads JavaFX as named modules (org.sonicsight.app.Launcher): no class-path warning.
  if grep -q 'Unsupported JavaFX configuration' "$log"; then
    fail "$size: JavaFX warned: $(grep -m1 'Unsupported JavaFX configuration' "$log")"
  else
    pass "$size: no 'Unsupported JavaFX configuration' warning"
  fi
  kill "$wm" "$xvfb" 2>/dev/null
  wait "$wm" "$xvfb" 2>/dev/null
done
exit "$failed"

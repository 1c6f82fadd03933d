#!/usr/bin/env bash
# Checks shared by packaging/smoke-test.sh and kiosk/test-screens.sh, which
# source this file and define pass and fail (their own PASS/FAIL lines).

# screenshot_not_blank LABEL FILE: saves the whole X screen ($DISPLAY) to FILE
# and passes if its grey standard deviation is above 0.02 (not one colour).
screenshot_not_blank() {
  local label="$1" shot="$2" spread
  if import -window root "$shot" 2>/dev/null; then
    spread=$(convert "$shot" -colorspace Gray -format '%[fx:standard_deviation]' info: 2>/dev/null || echo 0)
    if awk -v s="$spread" 'BEGIN { exit !(s > 0.02) }'; then
      pass "$label: screenshot $shot is not blank (grey std-dev $spread)"
    else
      fail "$label: screenshot $shot looks blank (grey std-dev $spread)"
    fi
  else
    fail "$label: could not take a screenshot (imagemagick's import)"
  fi
}

# terminate_group LABEL PID: SIGTERM to PID's process group; returns 0 once
# PID is gone, or fails, SIGKILLs the group and returns 1 after 10 s.
terminate_group() {
  local label="$1" pid="$2"
  kill -TERM -- "-$pid" 2>/dev/null
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  fail "$label: still running 10 s after SIGTERM"
  kill -KILL -- "-$pid" 2>/dev/null
  return 1
}

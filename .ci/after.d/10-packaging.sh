#!/usr/bin/env bash
# Packaging and kiosk checks, run by .ci/test after the Maven build (they need
# target/sonicsight.jar and target/lib). About a minute:
#   every script in kiosk/ and packaging/ through ShellCheck; the desktop entry;
#   the jlink module list against jdeps; the app-image built and smoke-tested
#   (CLI through the bundled runtime, window under Xvfb, clean SIGTERM);
#   the Raspberry Pi zip assembled and checked (AArch64 natives, launcher);
#   kiosk/install.sh into a scratch root, with systemd-analyze verify; kiosk
#   mode full screen on X servers of the two Pi touchscreen sizes; the
#   kiosk chain (start-cage.sh, cage, run-app.sh, the app) on cage's headless backend.
# A missing tool skips its check with a line, or fails in CI (SONICSIGHT_REQUIRE_ALL=1).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
failed=()
skip_or_fail() {
  if [ "${SONICSIGHT_REQUIRE_ALL:-0}" = 1 ]; then
    echo "packaging: FAIL $1 is not installed"; failed+=("$1")
  else
    echo "packaging: SKIPPED $1 is not installed"
  fi
}
run() { # run NAME COMMAND...: time a check and remember its failure
  local name="$1" start rc
  shift
  start=$(date +%s)
  "$@"
  rc=$?
  echo "packaging: $name $([ "$rc" = 0 ] && echo PASS || echo FAIL) ($(( $(date +%s) - start )) s)"
  [ "$rc" = 0 ] || failed+=("$name")
}

if command -v shellcheck >/dev/null; then
  mapfile -t scripts < <(find kiosk packaging .ci/after.d -name '*.sh' | sort)
  run "shellcheck (${#scripts[@]} scripts)" shellcheck "${scripts[@]}" packaging/linux/sonicsight.sh
  run "shellcheck labwc-autostart" shellcheck -s sh kiosk/labwc-autostart
else
  skip_or_fail shellcheck
fi
if command -v desktop-file-validate >/dev/null; then
  run "desktop-file-validate" desktop-file-validate packaging/linux/resources/SonicSight.desktop
else
  skip_or_fail desktop-file-validate
fi
if command -v jpackage >/dev/null && command -v jlink >/dev/null; then
  run "jlink modules vs jdeps" packaging/check-modules.sh
  run "app-image build" packaging/build.sh app-image
  run "app-image smoke test" packaging/smoke-test.sh
else
  skip_or_fail jpackage
fi
if command -v zip >/dev/null && command -v readelf >/dev/null; then
  run "aarch64 distribution build" packaging/build-aarch64-dist.sh
  run "aarch64 distribution check" packaging/check-aarch64-dist.sh
  run "kiosk install into a scratch root" kiosk/test-install.sh
else
  skip_or_fail "zip/readelf"
fi
if command -v Xvfb >/dev/null && command -v openbox >/dev/null; then
  run "kiosk full screen at 800x480 and 1280x720 (Xvfb + openbox)" kiosk/test-screens.sh
else
  skip_or_fail "Xvfb/openbox"
fi
if command -v cage >/dev/null && command -v Xwayland >/dev/null; then
  run "kiosk chain under cage (headless)" kiosk/test-cage.sh
else
  skip_or_fail "cage/Xwayland"
fi

if [ "${#failed[@]}" -gt 0 ]; then
  echo "packaging: FAILED: ${failed[*]}"
  exit 1
fi
echo "packaging: all checks passed"

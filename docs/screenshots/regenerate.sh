#!/usr/bin/env bash
# Regenerates docs/screenshots/desktop-*.png (timeline, batch and why from FilesUiTest) and the listening ones: runs DesktopScreenshotsTest in real
# windows on a private Xvfb (JavaFX software rendering) and writes the PNGs here.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT="$PWD/docs/screenshots"
exec xvfb-run -a -s "-screen 0 1920x1080x24" ./mvnw -B -q test -Dtest=DesktopScreenshotsTest,FilesUiTest \
  -Dsurefire.failIfNoSpecifiedTests=false \
  "-Dtest.extraArgs=-Dglass.platform=gtk -Dtestfx.headless=false -Dsonicsight.screenshots.dir=$OUT"

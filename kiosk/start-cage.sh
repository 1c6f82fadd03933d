#!/bin/sh
# ExecStart of sonicsight-kiosk.service: the cage Wayland kiosk compositor
# showing only SonicSight on tty1. Installed to /opt/sonicsight/kiosk/start-cage.sh.
#   -d  no client-side window decorations
#   -s  allow switching virtual terminals (Ctrl+Alt+F1..F6) for maintenance
# JavaFX draws through X11, so cage runs it on Xwayland (package xwayland).
# Exits with the app's status: 0 after the owner exit (PIN), which the unit's
# RestartPreventExitStatus=0 honours; anything else is restarted.
set -u
status_file="${XDG_RUNTIME_DIR:-/tmp}/sonicsight-kiosk.status"
rm -f "$status_file"
cage -d -s -- "${SONICSIGHT_KIOSK_DIR:-/opt/sonicsight/kiosk}/run-app.sh"
cage_status=$?
if [ -r "$status_file" ]; then
  exit "$(cat "$status_file")"
fi
# cage itself failed (no display, no seat): never report success then.
[ "$cage_status" -ne 0 ] || cage_status=1
exit "$cage_status"

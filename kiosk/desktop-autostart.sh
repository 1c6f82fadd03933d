#!/bin/sh
# Raspberry Pi OS with desktop (labwc): keeps SonicSight on screen, the same
# policy as the systemd unit. Started from ~/.config/labwc/autostart (see
# labwc-autostart); installed to /opt/sonicsight/kiosk/desktop-autostart.sh.
# Exit status 0 is the owner exit (PIN): stop and leave the desktop usable.
# Anything else (crash, killed) restarts the app after 2 seconds.
while :; do
  if /opt/sonicsight/kiosk/run-app.sh; then
    exit 0
  fi
  sleep 2
done

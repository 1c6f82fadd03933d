#!/usr/bin/env bash
# Runs kiosk/install.sh against a scratch root (--root) with the Raspberry Pi
# zip, and checks what it leaves there, without apt, users or systemctl:
#   - the app in /opt/sonicsight with bin/SonicSight -> sonicsight, runnable;
#   - /etc/sonicsight/kiosk.env with a random 4-digit PIN, kept on re-install;
#   - consoleblank=0 added once to /boot/firmware/cmdline.txt;
#   - the unit in /etc/systemd/system passes systemd-analyze verify with no
#     warnings (ExecStart pointed into the scratch root);
#   - --desktop USER appends the labwc autostart line exactly once.
#   kiosk/test-install.sh [ZIP]
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
zip="${1:-$(find target -maxdepth 1 -name 'sonicsight-*-linux-aarch64.zip' | head -1)}"
failed=0
pass() { echo "kiosk-install: PASS $*"; }
fail() { echo "kiosk-install: FAIL $*"; failed=1; }
[ -f "$zip" ] || { fail "no zip (run packaging/build-aarch64-dist.sh)"; exit 1; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/boot/firmware"
echo "console=serial0,115200 console=tty1 root=PARTUUID=0-02 rootfstype=ext4 fsck.repair=yes rootwait" \
  > "$root/boot/firmware/cmdline.txt"

if kiosk/install.sh --root "$root" --dist "$zip" > "$root.log1" 2>&1 \
   && kiosk/install.sh --root "$root" --dist "$zip" > "$root.log2" 2>&1; then
  pass "install.sh --root ran twice"
else
  fail "install.sh --root failed: $(cat "$root.log1" "$root.log2" 2>/dev/null | tail -5)"
  rm -f "$root.log1" "$root.log2"
  exit 1
fi
rm -f "$root.log1" "$root.log2"

opt="$root/opt/sonicsight"
if [ "$(readlink "$opt/bin/SonicSight")" = sonicsight ] && "$opt/bin/SonicSight" --version >/dev/null 2>&1; then
  pass "/opt/sonicsight/bin/SonicSight runs ($("$opt/bin/SonicSight" --version 2>&1 | head -1))"
else
  fail "/opt/sonicsight/bin/SonicSight missing or does not run"
fi
for f in run-app.sh start-cage.sh desktop-autostart.sh; do
  [ -x "$opt/kiosk/$f" ] || fail "/opt/sonicsight/kiosk/$f missing or not executable"
done

env="$root/etc/sonicsight/kiosk.env"
pin=$(sed -n 's/^SONICSIGHT_KIOSK_PIN=//p' "$env" 2>/dev/null)
if [[ "$pin" =~ ^[0-9]{4}$ ]] && grep -qx 'SONICSIGHT_KIOSK=1' "$env" && [ "$(stat -c %a "$env")" = 640 ]; then
  pass "kiosk.env with a 4-digit PIN, mode 640"
else
  fail "kiosk.env: PIN '$pin', mode $(stat -c %a "$env" 2>/dev/null)"
fi
echo "SPACE=someone/edited" >> "$env"
kiosk/install.sh --root "$root" --dist "$zip" >/dev/null 2>&1
if grep -qx 'SPACE=someone/edited' "$env" && [ "$(sed -n 's/^SONICSIGHT_KIOSK_PIN=//p' "$env")" = "$pin" ]; then
  pass "re-install keeps the edited kiosk.env and its PIN"
else
  fail "re-install changed kiosk.env"
fi

if [ "$(grep -o 'consoleblank=0' "$root/boot/firmware/cmdline.txt" | wc -l)" = 1 ] \
   && [ "$(wc -l < "$root/boot/firmware/cmdline.txt")" = 1 ]; then
  pass "cmdline.txt: one line, consoleblank=0 once"
else
  fail "cmdline.txt: $(cat "$root/boot/firmware/cmdline.txt")"
fi

unit="$root/etc/systemd/system/sonicsight-kiosk.service"
if command -v systemd-analyze >/dev/null; then
  sed "s#/opt/sonicsight/#$opt/#g" "$unit" > "$root/sonicsight-kiosk.service"
  verify=$(systemd-analyze verify "$root/sonicsight-kiosk.service" 2>&1)
  rc=$?
  if [ "$rc" = 0 ] && [ -z "$verify" ]; then
    pass "systemd-analyze verify sonicsight-kiosk.service: no errors, no warnings"
  else
    fail "systemd-analyze verify (exit $rc): $verify"
  fi
else
  fail "systemd-analyze not installed (Debian package systemd)"
fi

kiosk/install.sh --root "$root" --dist "$zip" --desktop pi >/dev/null 2>&1
kiosk/install.sh --root "$root" --dist "$zip" --desktop pi >/dev/null 2>&1
autostart="$root/home/pi/.config/labwc/autostart"
if [ "$(grep -c 'sonicsight/kiosk/desktop-autostart.sh' "$autostart" 2>/dev/null)" = 1 ]; then
  pass "--desktop pi: labwc autostart line added once"
else
  fail "--desktop pi: autostart is: $(cat "$autostart" 2>/dev/null)"
fi
exit "$failed"

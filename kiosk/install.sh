#!/usr/bin/env bash
# Installs SonicSight as a kiosk on Raspberry Pi OS (Bookworm or Trixie, 64-bit).
#
#   sudo ./kiosk/install.sh                    from an unpacked sonicsight-*-linux-aarch64 zip:
#                                              cage kiosk on tty1 via systemd (Raspberry Pi OS Lite)
#   sudo ./kiosk/install.sh --desktop pi       Raspberry Pi OS with desktop: start from the labwc
#                                              autostart of user "pi" instead of the systemd unit
#   sudo kiosk/install.sh --dist FILE.zip      install that distribution zip
#   kiosk/install.sh --root DIR ...            write every file under DIR and touch nothing else
#                                              (no apt, users, systemctl): for checking and staging
#
# Installs a Java runtime (Debian openjdk-17-jre, or openjdk-21-jre where 17 is
# gone), cage and Xwayland, the app into /opt/sonicsight, the settings file
# /etc/sonicsight/kiosk.env (kept on re-install; a random owner PIN the first
# time), a system user "sonicsight", the unit sonicsight-kiosk.service, and
# consoleblank=0 on the kernel command line. Safe to run again to update.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=""
dist=""
desktop_user=""
kiosk_user=sonicsight

usage() { sed -n '2,17s/^# \{0,1\}//p' "$0"; }
die() { echo "install: $*" >&2; exit 1; }
say() { echo "install: $*"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --dist) dist="$2"; shift 2 ;;
    --desktop) desktop_user="$2"; shift 2 ;;
    --root) root="$(realpath -m "$2")"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done

staging() { [ -n "$root" ]; }
if ! staging; then
  [ "$(id -u)" = 0 ] || die "run me with sudo"
  arch=$(dpkg --print-architecture 2>/dev/null || uname -m)
  case "$arch" in
    arm64|aarch64) ;;
    *) die "this is for 64-bit Raspberry Pi OS (arm64); this system is $arch. On a PC install the .deb instead." ;;
  esac
fi

# --- the distribution: a zip, or the unpacked one this script came in -------------
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -n "$dist" ]; then
  [ -f "$dist" ] || die "no such file: $dist"
  command -v unzip >/dev/null || { staging && die "unzip is not installed"; apt-get install -y -q unzip; }
  unzip -q "$dist" -d "$work"
  src=$(find "$work" -mindepth 2 -maxdepth 2 -name sonicsight.jar -printf '%h\n' | head -1)
else
  src=$(dirname "$here")
fi
if [ -z "$src" ] || [ ! -f "$src/sonicsight.jar" ] || [ ! -x "$src/bin/sonicsight" ]; then
  die "no SonicSight distribution found (expected sonicsight.jar and bin/sonicsight next to kiosk/); pass --dist sonicsight-VERSION-linux-aarch64.zip"
fi
for f in sonicsight-kiosk.service kiosk.env run-app.sh start-cage.sh desktop-autostart.sh labwc-autostart; do
  [ -f "$src/kiosk/$f" ] || die "the distribution lacks kiosk/$f"
done

# --- packages ----------------------------------------------------------------------
first_available() {
  local p
  for p in "$@"; do
    if apt-cache show "$p" >/dev/null 2>&1; then echo "$p"; return; fi
  done
  die "none of these packages is available: $*"
}
if ! staging; then
  say "installing packages"
  apt-get update -q
  pkgs=("$(first_available openjdk-17-jre openjdk-21-jre)"
        "$(first_available libgtk-3-0t64 libgtk-3-0)"
        libgl1 libegl1 libgles2 fonts-dejavu-core alsa-utils unzip)
  [ -n "$desktop_user" ] || pkgs+=(cage xwayland)
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${pkgs[@]}"
fi

# --- the app -------------------------------------------------------------------------
opt="$root/opt/sonicsight"
say "installing the app into $opt"
mkdir -p "$root/opt"
rm -rf "$opt.new"
cp -r "$src" "$opt.new"
chmod 755 "$opt.new/bin/sonicsight" "$opt.new/kiosk/"*.sh
# The same path as the .deb's launcher, so the unit and docs work for both.
ln -sfn sonicsight "$opt.new/bin/SonicSight"
rm -rf "$opt.old"
[ ! -e "$opt" ] || mv "$opt" "$opt.old"
mv "$opt.new" "$opt"
rm -rf "$opt.old"

# --- user and settings ---------------------------------------------------------------
if ! staging && [ -z "$desktop_user" ] && ! id "$kiosk_user" >/dev/null 2>&1; then
  say "creating the system user $kiosk_user"
  useradd --system --create-home --home-dir /var/lib/sonicsight --shell /usr/sbin/nologin "$kiosk_user"
fi
if ! staging; then
  for g in audio video render input; do
    if getent group "$g" >/dev/null; then usermod -aG "$g" "${desktop_user:-$kiosk_user}"; fi
  done
fi

envfile="$root/etc/sonicsight/kiosk.env"
mkdir -p "$(dirname "$envfile")"
if [ -f "$envfile" ]; then
  say "keeping your settings in $envfile"
else
  pin=$(printf '%04d' $(( $(od -An -N2 -tu2 /dev/urandom) % 10000 )))
  sed "s/^SONICSIGHT_KIOSK_PIN=.*/SONICSIGHT_KIOSK_PIN=$pin/" "$src/kiosk/kiosk.env" > "$envfile"
  say "settings in $envfile; the owner PIN is $pin (long-press the top-left corner for 3 s)"
fi
chmod 640 "$envfile"
if ! staging; then
  chgrp "$(id -gn "${desktop_user:-$kiosk_user}")" "$envfile"
fi

# --- no screen blanking: kernel console ------------------------------------------------
for cmdline in "$root/boot/firmware/cmdline.txt" "$root/boot/cmdline.txt"; do
  [ -f "$cmdline" ] || continue
  if ! grep -qw 'consoleblank=0' "$cmdline"; then
    sed -i '1 s/$/ consoleblank=0/' "$cmdline"
    say "added consoleblank=0 to $cmdline"
  fi
  break
done

# --- start on boot ---------------------------------------------------------------------
unit="$root/etc/systemd/system/sonicsight-kiosk.service"
mkdir -p "$(dirname "$unit")"
cp "$src/kiosk/sonicsight-kiosk.service" "$unit"
chmod 644 "$unit"
if [ -n "$desktop_user" ]; then
  home=$(getent passwd "$desktop_user" | cut -d: -f6 || true)
  staging && home="$root/home/$desktop_user"
  [ -n "$home" ] || die "no such user: $desktop_user"
  autostart="$home/.config/labwc/autostart"
  mkdir -p "$(dirname "$autostart")"
  touch "$autostart"
  if ! grep -q 'sonicsight/kiosk/desktop-autostart.sh' "$autostart"; then
    cat "$src/kiosk/labwc-autostart" >> "$autostart"
    say "added SonicSight to $autostart"
  fi
  if ! staging; then
    chown -R "$desktop_user:" "$home/.config/labwc"
    systemctl disable sonicsight-kiosk.service >/dev/null 2>&1 || true
    # raspi-config's non-interactive convention: 1 = "no", i.e. no blanking.
    if command -v raspi-config >/dev/null; then raspi-config nonint do_blanking 1 || true; fi
  fi
elif ! staging; then
  systemctl daemon-reload
  systemctl enable sonicsight-kiosk.service
  systemctl set-default graphical.target
fi

say "done. Reboot to start the kiosk: sudo reboot"

#!/usr/bin/env bash
# Builds SonicSight installers with jpackage for the system it runs on.
#
#   packaging/build.sh app-image   target/packaging/SonicSight/ (Linux: bin/SonicSight)
#   packaging/build.sh deb         target/packaging/sonicsight_<version>_<arch>.deb
#   packaging/build.sh all         both (Linux)
#   packaging/build.sh dmg         on macOS (packaging/macos/dmg.args)
#   packaging/build.sh msi         on Windows, from Git Bash with WiX 3 on PATH (packaging/windows/msi.args)
#
# The runtime is a jlink image with the modules in packaging/runtime-modules.txt;
# the JavaFX jars stay on the class path, as Maven copied them into target/lib
# for this platform. jpackage cannot cross-build: for the Raspberry Pi see
# packaging/build-aarch64-dist.sh. Needs a JDK 17+ with jmods (Debian:
# openjdk-17-jdk-headless), and for .deb binutils and fakeroot.
set -euo pipefail
cd "$(dirname "$0")/.."

what="${1:-app-image}"
case "$what" in
  app-image|deb|all|dmg|msi) ;;
  *) echo "usage: packaging/build.sh [app-image|deb|all|dmg|msi]" >&2; exit 2 ;;
esac

for tool in jlink jpackage; do
  command -v "$tool" >/dev/null || { echo "build: $tool not found; install a full JDK 17+ (not just a JRE)" >&2; exit 1; }
done

if [ ! -f target/sonicsight.jar ] || [ ! -d target/lib ]; then
  echo "build: target/sonicsight.jar missing, building it (tests skipped)"
  ./mvnw -B -q -ntp package -DskipTests
fi
version=$(sed -n 's/^version=//p' target/maven-archiver/pom.properties 2>/dev/null || true)
version="${version%-SNAPSHOT}"
[ -n "$version" ] || { echo "build: cannot read the version from target/maven-archiver/pom.properties" >&2; exit 1; }

out=target/packaging
mkdir -p "$out"

# jpackage copies everything under --input into the app: just the jar and its libs.
stage_input() {
  rm -rf "$out/input"
  mkdir -p "$out/input"
  cp target/sonicsight.jar "$out/input/"
  cp -r target/lib "$out/input/lib"
  local platform=""
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) platform=linux-x64 ;;
    Linux-aarch64) platform=linux-aarch64 ;;
    Darwin-arm64) platform=osx-aarch64 ;;
    MINGW*-x86_64|MSYS*-x86_64|CYGWIN*-x86_64) platform=win-x64 ;;
  esac
  if [ -n "$platform" ]; then
    packaging/trim-onnxruntime.sh "$(ls "$out"/input/lib/onnxruntime-*.jar)" "$platform"
  fi
}

# The runtime is rebuilt only when the module list or the JDK changed.
build_runtime() {
  local modules stamp
  modules=$(sed -e 's/#.*//' -e '/^\s*-/d' -e '/^\s*$/d' -e 's/\s*$//' packaging/runtime-modules.txt | paste -sd, -)
  # No --generate-cds-archive: it added 22 MB for about 40 ms of start-up here.
  # bin/java stays (32 KB): handy for "lib/runtime/bin/java -jar lib/app/sonicsight.jar".
  local options=(--strip-debug --no-header-files --no-man-pages --compress=2)
  stamp="$modules ${options[*]} $(java -version 2>&1 | head -1)"
  if [ -f "$out/runtime/release" ] && [ "$(cat "$out/runtime.stamp" 2>/dev/null)" = "$stamp" ]; then
    echo "build: runtime up to date ($modules)"
    return
  fi
  echo "build: jlink runtime with $modules"
  rm -rf "$out/runtime"
  jlink --add-modules "$modules" "${options[@]}" --output "$out/runtime"
  echo "$stamp" > "$out/runtime.stamp"
}

app_image() {
  stage_input
  build_runtime
  rm -rf "$out/SonicSight" "$out/SonicSight.app"
  local icon=()
  case "$(uname -s)" in
    Linux) icon=(--icon packaging/icons/sonicsight-256.png) ;;
    MINGW*|MSYS*|CYGWIN*) icon=(--icon packaging/icons/sonicsight.ico) ;;
  esac
  jpackage @packaging/jpackage-common.args @packaging/jpackage-launcher.args --type app-image --app-version "$version" \
    --input "$out/input" --runtime-image "$out/runtime" "${icon[@]}" --dest "$out"
  echo "build: app-image $out/SonicSight $(du -sh "$out/SonicSight" | cut -f1)"
}

deb() {
  app_image
  command -v fakeroot >/dev/null || { echo "build: fakeroot not found (apt-get install fakeroot binutils)" >&2; exit 1; }
  rm -f "$out"/sonicsight_*.deb
  jpackage @packaging/jpackage-common.args @packaging/linux/deb.args --type deb --app-version "$version" \
    --app-image "$out/SonicSight" --icon packaging/icons/sonicsight-256.png --dest "$out"
  local f
  f=$(ls "$out"/sonicsight_*.deb)
  echo "build: deb $f $(du -h "$f" | cut -f1) (installed: $(dpkg-deb -f "$f" Installed-Size) KiB)"
}

# macOS wants an .icns; it is made from the PNGs on the Mac itself (sips + iconutil).
dmg() {
  local set="$out/SonicSight.iconset"
  rm -rf "$set" && mkdir -p "$set"
  for s in 16 32 128 256 512; do
    sips -z "$s" "$s" packaging/icons/sonicsight-256.png --out "$set/icon_${s}x${s}.png" >/dev/null
    sips -z $((s * 2)) $((s * 2)) packaging/icons/sonicsight-256.png --out "$set/icon_${s}x${s}@2x.png" >/dev/null
  done
  iconutil -c icns "$set" -o "$out/SonicSight.icns"
  stage_input
  build_runtime
  jpackage @packaging/jpackage-common.args @packaging/jpackage-launcher.args @packaging/macos/dmg.args --app-version "$version" \
    --input "$out/input" --runtime-image "$out/runtime" --icon "$out/SonicSight.icns" --dest "$out"
  ls -l "$out"/*.dmg
}

msi() {
  stage_input
  build_runtime
  jpackage @packaging/jpackage-common.args @packaging/jpackage-launcher.args @packaging/windows/msi.args --app-version "$version" \
    --input "$out/input" --runtime-image "$out/runtime" --icon packaging/icons/sonicsight.ico --dest "$out"
  ls -l "$out"/*.msi
}

case "$what" in
  app-image) app_image ;;
  deb) deb ;;
  all) deb ;;  # deb builds the app-image first
  dmg) dmg ;;
  msi) msi ;;
esac

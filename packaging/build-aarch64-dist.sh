#!/usr/bin/env bash
# Assembles the Linux aarch64 (Raspberry Pi OS 64-bit) distribution on any
# machine: target/sonicsight-<version>-linux-aarch64.zip with sonicsight.jar,
# lib/ (the linux-aarch64 JavaFX jars instead of this machine's, ONNX Runtime
# trimmed to its linux-aarch64 natives), bin/sonicsight (runs on the system
# Java 17+) and kiosk/ (install.sh and the kiosk files). jpackage cannot
# cross-build, so there is no bundled runtime: kiosk/install.sh installs
# Debian's openjdk-17-jre on the Pi.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f target/sonicsight.jar ]; then
  echo "aarch64-dist: target/sonicsight.jar missing, building it (tests skipped)"
  ./mvnw -B -q -ntp package -DskipTests
fi
version=$(sed -n 's/^version=//p' target/maven-archiver/pom.properties)
name="sonicsight-$version-linux-aarch64"
stage="target/dist-aarch64/$name"
rm -rf target/dist-aarch64 "target/$name.zip"
mkdir -p "$stage/bin"

# The openjfx poms pick their natives' classifier from javafx.platform.
./mvnw -B -q -ntp -Dstyle.color=never dependency:copy-dependencies -Djavafx.platform=linux-aarch64 \
  -DincludeScope=runtime -DoutputDirectory="$PWD/$stage/lib"
packaging/trim-onnxruntime.sh "$(ls "$stage"/lib/onnxruntime-*.jar)" linux-aarch64

cp target/sonicsight.jar "$stage/"
cp packaging/linux/sonicsight.sh "$stage/bin/sonicsight"
cp -r kiosk "$stage/kiosk"
cp LICENSE NOTICE.md "$stage/"
chmod 755 "$stage/bin/sonicsight" "$stage"/kiosk/*.sh

(cd target/dist-aarch64 && zip -q -r -X "../$name.zip" "$name")
echo "aarch64-dist: target/$name.zip $(du -h "target/$name.zip" | cut -f1)" \
  "($(find "$stage/lib" -name 'javafx-*-linux-aarch64.jar' | wc -l) aarch64 JavaFX jars)"

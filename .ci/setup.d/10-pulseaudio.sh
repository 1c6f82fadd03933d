# PulseAudio null sink "virt" whose monitor is remapped to the default source
# "virtmic": what paplay plays, Java Sound captures (ALSA default -> pulse).
if command -v pulseaudio >/dev/null && command -v pactl >/dev/null; then
  export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp/sonicsight-xdg-$(id -u)}"
  mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
  if ! pactl info >/dev/null 2>&1; then
    pulseaudio --daemonize=yes --system=false --exit-idle-time=-1 --disallow-exit -n \
      --load=module-native-protocol-unix --load="module-null-sink sink_name=virt rate=44100" \
      --load="module-always-sink" 2>/dev/null || true
    for _ in $(seq 1 50); do pactl info >/dev/null 2>&1 && break; sleep 0.1; done
    CLEANUP+=("pulseaudio --kill")
  fi
  if pactl info >/dev/null 2>&1; then
    pactl list short sinks | grep -q '^.*\svirt\s' || pactl load-module module-null-sink sink_name=virt rate=44100 >/dev/null
    pactl list short sources | grep -q 'virtmic' || \
      pactl load-module module-remap-source master=virt.monitor source_name=virtmic >/dev/null
    pactl set-default-sink virt
    pactl set-default-source virtmic
    # A silent low-latency stream keeps the null sink rendering in small blocks.
    pacat --playback -d virt --latency-msec=20 --format=s16le --rate=44100 --channels=1 /dev/zero >/dev/null 2>&1 &
    CLEANUP+=("kill $! 2>/dev/null")
    sleep 2.2
    export SONICSIGHT_PULSE=1
    MAVEN_ARGS+=("-Dsonicsight.test.pulse=true")
    echo "test: PulseAudio null sink ready (XDG_RUNTIME_DIR=$XDG_RUNTIME_DIR)"
  else
    echo "test: PulseAudio did not start; the real-audio-path test will skip"
  fi
else
  echo "test: PulseAudio not installed; the real-audio-path test will skip"
fi

"""Peer benchmark for `sonicsight bench spectrogram`: librosa's log-mel on the same clip, single-threaded."""
import statistics
import sys
import time

import librosa
import numpy as np
import soundfile as sf

path, iterations = sys.argv[1], int(sys.argv[2])
y, sr = sf.read(path, dtype="float32")


def run():
    m = librosa.feature.melspectrogram(y=y, sr=sr, n_fft=2048, hop_length=512, n_mels=128)
    return librosa.power_to_db(m, ref=np.max, top_db=80)


for _ in range(max(5, iterations // 3)):
    run()
times = []
cpu = []
for _ in range(iterations):
    t0 = time.perf_counter()
    c0 = time.thread_time()
    run()
    cpu.append((time.thread_time() - c0) * 1000)
    times.append((time.perf_counter() - t0) * 1000)
print(f"librosa {librosa.__version__}")
print(f"median_ms={statistics.median(times):.3f}")
print(f"median_cpu_ms={statistics.median(cpu):.3f}")

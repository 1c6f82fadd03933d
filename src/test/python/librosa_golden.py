"""Writes librosa's log-mel spectrogram of a file for the Java parity test.

Usage: librosa_golden.py IN.wav OUT.bin
OUT.bin: int32 frames, int32 mels, then float32 dB values [frame][mel], little-endian.
Settings are the original model's: sr 22050, n_fft 2048, hop 512, 128 mels, power_to_db(ref=max, top_db=80).
"""
import struct
import sys

import librosa
import numpy as np

y, sr = librosa.load(sys.argv[1], sr=22050, mono=True)
mel = librosa.feature.melspectrogram(y=y, sr=sr, n_fft=2048, hop_length=512, n_mels=128)
db = librosa.power_to_db(mel, ref=np.max, top_db=80).T.astype("<f4")  # [frame][mel]
with open(sys.argv[2], "wb") as f:
    f.write(struct.pack("<ii", db.shape[0], db.shape[1]))
    f.write(db.tobytes())
print(f"librosa {librosa.__version__}: {db.shape[0]} frames x {db.shape[1]} mels")

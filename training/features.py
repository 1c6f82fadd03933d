"""The log-mel front end, written once in torch so that training and the exported ONNX graph share it.

Matches librosa.feature.melspectrogram(sr=22050, n_fft=2048, hop_length=512, n_mels=128) followed by
librosa.power_to_db(ref=np.max, amin=1e-10, top_db=80): periodic Hann window, center=True with zero
padding, power spectrum, Slaney mel filterbank. In the exported graph the STFT is ONNX's own STFT op
(opset 17), which keeps the model small (a dense DFT matrix alone would be 17 MB).
"""
import librosa
import numpy as np
import torch
from torch import nn

SR = 22050
N_FFT = 2048
HOP = 512
N_MELS = 128
WINDOW_SAMPLES = 5 * SR
TOP_DB = 80.0
AMIN = 1e-10


def frames_for(samples: int) -> int:
    return samples // HOP + 1


class MelPower(nn.Module):
    """Samples [N, L] -> mel power [N, n_mels, frames] (torch.stft; exports to the ONNX STFT op, opset 17)."""

    def __init__(self):
        super().__init__()
        self.register_buffer("window", torch.hann_window(N_FFT, periodic=True))
        mel = librosa.filters.mel(sr=SR, n_fft=N_FFT, n_mels=N_MELS)  # Slaney, [n_mels, bins]
        self.register_buffer("mel", torch.from_numpy(mel.copy()).float())  # [n_mels, bins]

    def forward(self, samples: torch.Tensor) -> torch.Tensor:
        pad = N_FFT // 2
        # center=True with zero padding, done explicitly so the exported graph pads exactly like librosa.
        x = torch.nn.functional.pad(samples, (pad, pad))
        spec = torch.stft(x, n_fft=N_FFT, hop_length=HOP, window=self.window, center=False,
                          return_complex=False)  # [N, bins, T, 2]
        power = spec[..., 0] ** 2 + spec[..., 1] ** 2  # [N, bins, T]
        return torch.matmul(self.mel, power)  # [N, n_mels, T]


def power_to_db(mel_power: torch.Tensor) -> torch.Tensor:
    """librosa.power_to_db(ref=np.max, top_db=80) per example. [N, M, T] -> dB in [-80, 0]."""
    db = 10.0 * torch.log10(torch.clamp(mel_power, min=AMIN))
    peak = db.amax(dim=(1, 2), keepdim=True)
    db = db - peak
    return torch.clamp(db, min=-TOP_DB)


def librosa_db(y: np.ndarray) -> np.ndarray:
    m = librosa.feature.melspectrogram(y=y, sr=SR, n_fft=N_FFT, hop_length=HOP, n_mels=N_MELS)
    return librosa.power_to_db(m, ref=np.max, top_db=TOP_DB)

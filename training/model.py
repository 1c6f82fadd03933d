"""A small CNN over the log-mel image, and the exportable end-to-end model (samples -> probabilities)."""
import torch
from torch import nn

from features import MelPower, power_to_db


def block(cin: int, cout: int, stride: int = 1) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False), nn.BatchNorm2d(cout),
                         nn.ReLU(inplace=True))


class SoundNet(nn.Module):
    """dB image [N, 128, T] (normalised to about [-1, 1]) -> logits [N, classes]. ~8 M MACs for 5 s."""

    def __init__(self, n_classes: int, width: int = 8, dropout: float = 0.2):
        super().__init__()
        w = width
        self.features = nn.Sequential(
            block(1, w, stride=2),
            block(w, 2 * w), nn.MaxPool2d(2),
            block(2 * w, 4 * w), nn.MaxPool2d(2),
            block(4 * w, 8 * w), nn.MaxPool2d(2),
            block(8 * w, 8 * w),
        )
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(16 * w, n_classes)

    def forward(self, db_norm: torch.Tensor) -> torch.Tensor:
        x = self.features(db_norm.unsqueeze(1))
        # Mean over frequency, then mean and max over time: robust to where in the window the sound is.
        x = x.mean(dim=2)
        x = torch.cat([x.mean(dim=2), x.amax(dim=2)], dim=1)
        return self.head(self.dropout(x))


def normalise(db: torch.Tensor) -> torch.Tensor:
    return (db + 40.0) / 40.0


class EndToEnd(nn.Module):
    """What ships: mono samples at 22050 Hz [N, 110250] -> softmax probabilities [N, classes]."""

    def __init__(self, net: SoundNet, temperature: float = 1.0):
        super().__init__()
        self.mel = MelPower()
        self.net = net
        self.register_buffer("inv_temperature", torch.tensor(1.0 / temperature))

    def forward(self, samples: torch.Tensor) -> torch.Tensor:
        db = power_to_db(self.mel(samples))
        logits = self.net(normalise(db)) * self.inv_temperature
        return torch.softmax(logits, dim=1)

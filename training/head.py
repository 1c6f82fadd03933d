"""The trainable part: a small MLP on BirdNET embeddings, in numpy (no deep-learning framework needed)."""
import numpy as np


class MLP:
    """embedding -> hidden (ReLU, dropout) -> classes; inputs standardised with the training set's mean and spread."""

    def __init__(self, n_in: int, n_hidden: int, n_out: int, rng: np.random.Generator):
        self.mu = np.zeros(n_in, np.float32)
        self.sd = np.ones(n_in, np.float32)
        self.w1 = (rng.normal(0, 1, (n_in, n_hidden)) * np.sqrt(2 / n_in)).astype(np.float32)
        self.b1 = np.zeros(n_hidden, np.float32)
        self.w2 = (rng.normal(0, 1, (n_hidden, n_out)) * np.sqrt(1 / n_hidden)).astype(np.float32)
        self.b2 = np.zeros(n_out, np.float32)

    def params(self):
        return [self.w1, self.b1, self.w2, self.b2]

    def logits(self, x: np.ndarray) -> np.ndarray:
        h = np.maximum((x - self.mu) / self.sd @ self.w1 + self.b1, 0)
        return h @ self.w2 + self.b2

    def folded(self):
        """(w1, b1, w2, b2) with the standardisation folded into the first layer, as exported."""
        w1 = self.w1 / self.sd[:, None]
        b1 = self.b1 - (self.mu / self.sd) @ self.w1
        return w1.astype(np.float32), b1.astype(np.float32), self.w2, self.b2


def softmax(z: np.ndarray, t: float = 1.0) -> np.ndarray:
    z = z / t
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def train(x: np.ndarray, y: np.ndarray, weights: np.ndarray, n_classes: int, seed: int, hidden: int = 256,
          epochs: int = 40, batch: int = 128, lr: float = 1e-3, weight_decay: float = 1e-3, dropout: float = 0.3,
          input_dropout: float = 0.1, smoothing: float = 0.05, log=None) -> MLP:
    """Adam on weighted, label-smoothed cross-entropy; batches drawn in proportion to the sample weights."""
    rng = np.random.default_rng(seed)
    net = MLP(x.shape[1], hidden, n_classes, rng)
    net.mu = x.mean(axis=0).astype(np.float32)
    net.sd = (x.std(axis=0) + 1e-3).astype(np.float32)
    xs = ((x - net.mu) / net.sd).astype(np.float32)
    target = np.full((len(y), n_classes), smoothing / n_classes, np.float32)
    target[np.arange(len(y)), y] += 1 - smoothing
    p = weights / weights.sum()
    steps = max(1, epochs * len(y) // batch)
    m = [np.zeros_like(a) for a in net.params()]
    v = [np.zeros_like(a) for a in net.params()]
    b1, b2 = 0.9, 0.999
    for step in range(1, steps + 1):
        rate = lr * 0.5 * (1 + np.cos(np.pi * step / steps))  # cosine decay
        idx = rng.choice(len(y), batch, p=p)
        xb, tb = xs[idx], target[idx]
        if input_dropout:
            xb = xb * (rng.random(xb.shape) >= input_dropout) / (1 - input_dropout)
        pre = xb @ net.w1 + net.b1
        h = np.maximum(pre, 0)
        mask = (rng.random(h.shape) >= dropout) / (1 - dropout)
        hd = h * mask
        z = hd @ net.w2 + net.b2
        prob = softmax(z)
        dz = (prob - tb) / batch
        gw2 = hd.T @ dz
        gb2 = dz.sum(axis=0)
        dh = (dz @ net.w2.T) * mask * (pre > 0)
        gw1 = xb.T @ dh
        gb1 = dh.sum(axis=0)
        for i, (param, grad) in enumerate(zip(net.params(), [gw1, gb1, gw2, gb2])):
            if param.ndim == 2:
                grad = grad + weight_decay * param
            m[i] = b1 * m[i] + (1 - b1) * grad
            v[i] = b2 * v[i] + (1 - b2) * grad * grad
            mh = m[i] / (1 - b1 ** step)
            vh = v[i] / (1 - b2 ** step)
            param -= (rate * mh / (np.sqrt(vh) + 1e-8)).astype(np.float32)
        if log and step % max(1, steps // 4) == 0:
            loss = -np.mean(np.sum(tb * np.log(prob + 1e-9), axis=1))
            log(f"    step {step}/{steps} loss {loss:.3f}")
    return net


def train_ensemble(x, y, weights, n_classes, seed, members: int = 1, **kw) -> MLP:
    """`members` heads from different seeds, averaged in logit space — and exported as one wider MLP: the hidden
    layers side by side, the output layer stacked and divided by the member count (same logits, one graph)."""
    nets = [train(x, y, weights, n_classes, seed + 1000 * i, **kw) for i in range(members)]
    if members == 1:
        return nets[0]
    merged = MLP(x.shape[1], 1, n_classes, np.random.default_rng(seed))
    folded = [n.folded() for n in nets]
    merged.mu = np.zeros(x.shape[1], np.float32)
    merged.sd = np.ones(x.shape[1], np.float32)
    merged.w1 = np.concatenate([f[0] for f in folded], axis=1)
    merged.b1 = np.concatenate([f[1] for f in folded])
    merged.w2 = np.concatenate([f[2] for f in folded], axis=0) / members
    merged.b2 = np.mean([f[3] for f in folded], axis=0).astype(np.float32)
    return merged

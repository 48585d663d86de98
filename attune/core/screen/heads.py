"""The model's heads: one logistic reader per kind, fitted deterministically by Newton's method."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from attune.core.screen.tiers import Tier

# L2-regularised logistic regression solved by Newton's method. The solver uses no randomness at
# all, so the same bank and the same encoder give the same weights, byte for byte.
L2 = 0.05
NEWTON_STEPS = 50


@dataclass(frozen=True)
class Classifier:
    """A logistic reader for one kind; check_in and alarm are its tier 1 and tier 2 thresholds,
    strong the score that alarms without the readings' agreement (see AGREE_LOGISTIC)."""

    kind: str
    weights: np.ndarray
    bias: float
    check_in: float
    alarm: float
    strong: float = 0.0  # 0 means: as alarm (weights trained before the agreement rule)

    @property
    def strong_at(self) -> float:
        return max(self.strong, self.alarm)

    def scores(self, vectors: np.ndarray) -> np.ndarray:
        """The logistic reading of centred vectors (see centred)."""
        return sigmoid(vectors @ self.weights + self.bias)

    def tier(self, score: float) -> int:
        return (
            Tier.RESOURCES
            if score >= self.alarm
            else Tier.CHECK_IN
            if score >= self.check_in
            else 0
        )


def centred(vectors: np.ndarray, centre: np.ndarray) -> np.ndarray:
    """Vectors less the training mean, back to unit length."""
    moved = vectors.astype(np.float32) - centre
    return moved / np.maximum(np.linalg.norm(moved, axis=1, keepdims=True), 1e-12)


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))


def fit_logistic(vectors: np.ndarray, targets: np.ndarray) -> tuple[np.ndarray, float]:
    """L2-regularised, class-balanced logistic regression by Newton's method (deterministic)."""
    x = np.hstack([vectors.astype(np.float64), np.ones((len(vectors), 1))])
    y = targets.astype(np.float64)
    positives = max(y.sum(), 1.0)
    negatives = max(len(y) - y.sum(), 1.0)
    weight = np.where(y == 1, len(y) / (2 * positives), len(y) / (2 * negatives))
    penalty = np.full(x.shape[1], L2)
    penalty[-1] = 0.0  # the bias is not shrunk
    theta = np.zeros(x.shape[1])
    for _ in range(NEWTON_STEPS):
        p = sigmoid(x @ theta)
        gradient = x.T @ (weight * (p - y)) + penalty * theta
        hessian = (x * (weight * p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        theta -= step
        if np.abs(step).max() < 1e-10:
            break
    return theta[:-1], float(theta[-1])

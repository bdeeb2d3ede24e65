"""Binary L2-regularised logistic regression on sparse rows, in numpy alone.

The objective is the class-weighted mean log loss plus ``l2/2 * |w|^2`` (the bias is not
penalised); it is convex, so L-BFGS from zero reaches the same optimum on every run, which
keeps `marsad train` deterministic.  Rows are stored CSR-style over compact column ids; a
model keeps only the hash buckets with a non-zero weight.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["SparseRows", "LogisticModel", "fit", "class_weights", "sigmoid"]


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # overflow-free form of 1 / (1 + e^-z)


@dataclass
class SparseRows:
    """Rows of {bucket: value} as CSR arrays over compact columns (`buckets[col]` = bucket)."""

    indptr: np.ndarray
    cols: np.ndarray
    values: np.ndarray
    buckets: np.ndarray

    @classmethod
    def from_dicts(cls, rows: Sequence[dict[int, float]]) -> SparseRows:
        buckets = np.array(sorted({b for r in rows for b in r}), dtype=np.int64)
        col_of = {int(b): i for i, b in enumerate(buckets)}
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        cols: list[int] = []
        values: list[float] = []
        for i, r in enumerate(rows):
            for b in sorted(r):
                cols.append(col_of[b])
                values.append(r[b])
            indptr[i + 1] = len(cols)
        return cls(indptr, np.array(cols, dtype=np.int64), np.array(values, dtype=np.float64), buckets)

    @property
    def n_rows(self) -> int:
        return len(self.indptr) - 1

    @property
    def n_cols(self) -> int:
        return len(self.buckets)

    def take(self, rows: np.ndarray) -> SparseRows:
        """The sub-matrix of the given rows (same columns)."""
        starts, ends = self.indptr[rows], self.indptr[rows + 1]
        lengths = ends - starts
        indptr = np.concatenate([[0], np.cumsum(lengths)])
        pos = np.concatenate([np.arange(s, e) for s, e in zip(starts, ends)]) if len(rows) else np.zeros(0, np.int64)
        return SparseRows(indptr, self.cols[pos], self.values[pos], self.buckets)

    def frequent(self, min_df: int) -> SparseRows:
        """The same rows over only the columns present in at least `min_df` rows: a feature
        seen once can only memorise its sentence, and dropping it makes fitting faster."""
        if min_df <= 1:
            return self
        df = np.bincount(self.cols, minlength=self.n_cols)
        keep = df >= min_df
        new_col = np.cumsum(keep) - 1
        mask = keep[self.cols]
        indptr = np.concatenate([[0], np.cumsum(self._row_sums(mask.astype(np.int64)))])
        return SparseRows(indptr, new_col[self.cols[mask]], self.values[mask], self.buckets[keep])

    def _row_sums(self, per_entry: np.ndarray) -> np.ndarray:
        # reduceat needs starts inside the array (a trailing zero makes the last one valid)
        # and yields one element, not zero, for an empty row.
        starts = self.indptr[:-1]
        out = np.add.reduceat(np.append(per_entry, per_entry.dtype.type(0)), starts)
        out[starts == self.indptr[1:]] = 0
        return out

    def dot(self, w: np.ndarray) -> np.ndarray:
        return self._row_sums(self.values * np.take(w, self.cols))

    def tdot(self, r: np.ndarray) -> np.ndarray:
        lengths = np.diff(self.indptr)
        return np.bincount(self.cols, weights=self.values * np.repeat(r, lengths), minlength=self.n_cols)


def class_weights(y: np.ndarray, sample_weight: np.ndarray | None = None) -> np.ndarray:
    """'Balanced' weights: each class carries half of the total weight.  With `sample_weight`
    the classes are balanced by their summed sample weights and each row keeps its own share."""
    y = np.asarray(y, dtype=bool)
    n, pos = len(y), int(y.sum())
    if pos in (0, n):
        return np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    if sample_weight is None:
        return np.where(y, n / (2.0 * pos), n / (2.0 * (n - pos)))
    sw = np.asarray(sample_weight, dtype=np.float64)
    total, w_pos = sw.sum(), sw[y].sum()
    return sw * np.where(y, total / (2.0 * w_pos), total / (2.0 * (total - w_pos)))


@dataclass
class LogisticModel:
    weights: dict[int, float]  # hash bucket -> weight
    bias: float

    def decision(self, row: dict[int, float]) -> float:
        w = self.weights
        return self.bias + sum(v * w.get(b, 0.0) for b, v in row.items())

    def probability(self, row: dict[int, float]) -> float:
        z = self.decision(row)
        return 1.0 / (1.0 + np.exp(-z)) if z >= -700 else 0.0


def _objective(X: SparseRows, y: np.ndarray, c: np.ndarray, l2: float):
    ys = np.where(y, 1.0, -1.0)
    csum = c.sum()

    def f(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:-1], theta[-1]
        m = ys * (X.dot(w) + b)
        loss = float(np.sum(c * np.logaddexp(0.0, -m)) / csum + 0.5 * l2 * w @ w)
        r = -c * ys * sigmoid(-m) / csum
        grad = np.empty_like(theta)
        grad[:-1] = X.tdot(r) + l2 * w
        grad[-1] = r.sum()
        return loss, grad

    return f


def _lbfgs(f, x0: np.ndarray, max_iter: int, tol: float, rtol: float, memory: int = 8) -> np.ndarray:
    x = x0.copy()
    fx, g = f(x)
    s_list: list[np.ndarray] = []
    y_list: list[np.ndarray] = []
    for _ in range(max_iter):
        if np.max(np.abs(g)) < tol:
            break
        q = g.copy()
        alphas = []
        for s, yv in zip(reversed(s_list), reversed(y_list)):
            a = (s @ q) / (yv @ s)
            alphas.append(a)
            q -= a * yv
        if s_list:
            q *= (s_list[-1] @ y_list[-1]) / (y_list[-1] @ y_list[-1])
        for (s, yv), a in zip(zip(s_list, y_list), reversed(alphas)):
            q += s * (a - (yv @ q) / (yv @ s))
        d = -q
        slope = g @ d
        if slope >= 0:  # not a descent direction: restart from steepest descent
            s_list.clear()
            y_list.clear()
            d, slope = -g, -(g @ g)
        step = 1.0
        while True:
            x_new = x + step * d
            f_new, g_new = f(x_new)
            if f_new <= fx + 1e-4 * step * slope or step < 1e-10:
                break
            step *= 0.5
        s, yv = x_new - x, g_new - g
        if s @ yv > 1e-12:
            s_list.append(s)
            y_list.append(yv)
            if len(s_list) > memory:
                s_list.pop(0)
                y_list.pop(0)
        converged = abs(fx - f_new) <= rtol * max(1.0, abs(fx))
        x, fx, g = x_new, f_new, g_new
        if converged:
            break
    return x


def fit(X: SparseRows, y: Sequence[bool] | np.ndarray, *, l2: float = 1e-3, balanced: bool = True,
        min_df: int = 1, max_iter: int = 300, tol: float = 1e-6, rtol: float = 1e-10,
        sample_weight: np.ndarray | None = None) -> LogisticModel:
    """Fit on all rows of `X`; returns the non-zero weights keyed by hash bucket.

    `sample_weight`: a weight per row (None: all 1), e.g. to let rows of another origin count
    less.  `min_df`: use only features present in at least that many rows.  Fitting stops when the
    largest gradient entry is below `tol` or an iteration lowers the loss by less than `rtol`
    (relative)."""
    y = np.asarray(y, dtype=bool)
    if len(y) != X.n_rows:
        raise ValueError(f"{X.n_rows} rows but {len(y)} labels")
    if not 0 < y.sum() < len(y):
        raise ValueError("training data needs both positive and negative examples")
    X = X.frequent(min_df)
    if sample_weight is not None and len(sample_weight) != len(y):
        raise ValueError(f"{len(y)} rows but {len(sample_weight)} sample weights")
    if balanced:
        c = class_weights(y, sample_weight)
    else:
        c = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    theta = _lbfgs(_objective(X, y, c, l2), np.zeros(X.n_cols + 1), max_iter, tol, rtol)
    w = theta[:-1]
    nz = np.flatnonzero(w)
    return LogisticModel({int(X.buckets[i]): float(w[i]) for i in nz}, float(theta[-1]))


def decision_many(model: LogisticModel, X: SparseRows) -> np.ndarray:
    w = np.array([model.weights.get(int(b), 0.0) for b in X.buckets])
    return X.dot(w) + model.bias

"""Language detection restricted to the programme's languages (sv, da, nb, en) or "other".

Ingestion and the classifier share this so a message gets the same language everywhere.

py3langid scores one text at a time in Python (a byte-by-byte DFA walk, then a naive-Bayes dot
product), about 3,500 texts/s. `detect_languages` runs the same model over a whole batch with
numpy: the DFA advances every text one byte per step, the feature counts become one sparse
matrix and the naive-Bayes scores one sparse-dense product. The answers are py3langid's: the
DFA walk is exact integer work, and the few texts whose decision is within floating-point noise
of a tie (or of the "other" threshold) are re-scored by py3langid itself.
"""

from __future__ import annotations

import math
import threading
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import scipy.sparse as sp

SUPPORTED_LANGUAGES: tuple[str, ...] = ("sv", "da", "nb", "en")
OTHER = "other"

# py3langid knows Norwegian as "no" (Bokmål-dominated) and "nn" (Nynorsk); we report both as nb.
_ALIASES = {"no": "nb", "nn": "nb", "nob": "nb", "nno": "nb", "swe": "sv", "dan": "da", "eng": "en"}
# Below this share of probability on our four languages a short text is "other" (e.g. "lol", "ok").
_MIN_SUPPORTED_MASS = 0.3
_FLOAT32_EPS = float(np.finfo(np.float32).eps)
# Below this many texts still walking the DFA, a Python loop per text beats a numpy call per byte.
_MIN_ACTIVE = 24
# Texts re-checked by py3langid are cached up to this length.
_CACHED_TEXT_LENGTH = 64
# Texts per vectorised pass: big enough that numpy's per-call cost vanishes, small enough to
# keep the per-step arrays in cache.
_CHUNK = 4096

_lock = threading.Lock()
_model: _BatchedModel | None = None


class _BatchedModel:
    """py3langid's model as numpy arrays, plus its own identifier for near-tie texts."""

    def __init__(self, identifier: Any) -> None:
        self.identifier = identifier
        nextmove, rows = identifier.tk_nextmove, identifier.tk_row
        self.nextmove = np.frombuffer(nextmove, dtype=f"u{nextmove.itemsize}")
        self.rowbase = np.frombuffer(rows, dtype=f"u{rows.itemsize}").astype(np.int64) << 8
        self.rowbase_list: list[int] = self.rowbase.tolist()
        self.output_list: list[int] = list(identifier.tk_output)
        self.output = np.asarray(self.output_list, dtype=np.int32)
        # float16 in the model file; py3langid upcasts to float32 for its dot product as well.
        self.table = np.ascontiguousarray(identifier.nb_ptc, dtype=np.float32)
        self.table_absmax = np.abs(self.table).max(axis=1).astype(np.float64)
        self.table_max = float(self.table_absmax.max())
        self.prior = np.asarray(identifier.nb_pc, dtype=np.float32)
        self.prior_absmax = float(np.abs(self.prior).max())
        # Columns -> the labels we compare: py3langid's duplicate labels ("sr" twice) merged,
        # then our aliases ("no" + "nn" -> "nb").
        keys: list[str] = []
        key_of_column = []
        for label in identifier.nb_classes:
            key = _ALIASES.get(label, label)
            if key not in keys:
                keys.append(key)
            key_of_column.append(keys.index(key))
        self.first_column = np.array([key_of_column.index(k) for k in range(len(keys))])
        self.extra_columns = [
            (key, column)
            for column, key in enumerate(key_of_column)
            if self.first_column[key] != column
        ]
        self.names = np.array([*keys, OTHER], dtype=object)
        self.supported = np.array([keys.index(lang) for lang in SUPPORTED_LANGUAGES])
        self.is_supported = np.zeros(len(keys), dtype=bool)
        self.is_supported[self.supported] = True

    def visits(self, encoded: Sequence[bytes]) -> sp.csr_matrix:
        """Feature counts per text: the DFA walk over all texts at once, one byte per step.

        Texts are sorted longest first so the texts still walking at step t are a prefix. Once
        fewer than `_MIN_ACTIVE` remain, numpy's per-call cost exceeds a plain Python walk, so
        the long tails finish one text at a time from the state they reached.
        """
        n_texts = len(encoded)
        n_features = self.table.shape[0]
        lengths = np.fromiter((len(b) for b in encoded), dtype=np.int64, count=n_texts)
        order = np.argsort(-lengths, kind="stable")
        sorted_lengths = lengths[order]
        # active[t]: how many texts still walk at byte t
        ascending = sorted_lengths[::-1]
        steps = int(sorted_lengths[_MIN_ACTIVE - 1]) if n_texts >= _MIN_ACTIVE else 0
        active = n_texts - np.searchsorted(ascending, np.arange(steps), side="right")
        clipped = np.minimum(sorted_lengths, steps)
        total = int(clipped.sum())
        # step-major layout: step t occupies [offsets[t], offsets[t] + active[t])
        offsets = np.zeros(steps + 1, dtype=np.int64)
        np.cumsum(active, out=offsets[1:])
        joined = np.frombuffer(b"".join([encoded[i][:steps] for i in order]), dtype=np.uint8)
        text_of = np.repeat(np.arange(n_texts, dtype=np.int64), clipped)
        position = np.arange(total, dtype=np.int64) - np.repeat(
            np.cumsum(clipped) - clipped, clipped
        )
        step_major = np.empty(total, dtype=np.int64)
        step_major[offsets[position] + text_of] = joined
        del joined, position
        states = np.empty(total, dtype=self.nextmove.dtype)
        row = np.full(n_texts, self.rowbase[0], dtype=np.int64)  # py3langid starts in state 0
        rowbase, nextmove = self.rowbase, self.nextmove
        previous = 0
        for t in range(steps):
            lo, n = int(offsets[t]), int(active[t])
            current = row[:n]
            if t:
                rowbase.take(states[previous : previous + n], out=current, mode="clip")
            np.add(current, step_major[lo : lo + n], out=current)
            nextmove.take(current, out=states[lo : lo + n], mode="clip")
            previous = lo
        features = self.output.take(states)
        hit = features >= 0
        rows = order.take((np.arange(total, dtype=np.int64) - np.repeat(offsets[:-1], active))[hit])
        cols = features[hit]
        # the long tails, continuing from the last vectorised state
        tail_rows: list[int] = []
        tail_cols: list[int] = []
        last_states = states[previous:].tolist() if steps else []
        for j in range(n_texts):
            if sorted_lengths[j] <= steps:
                break
            found = self._walk(encoded[order[j]][steps:], last_states[j] if steps else 0)
            tail_cols.extend(found)
            tail_rows.extend([int(order[j])] * len(found))
        if tail_cols:
            rows = np.concatenate((rows, np.array(tail_rows, dtype=np.int64)))
            cols = np.concatenate((cols, np.array(tail_cols, dtype=np.int32)))
        counts = sp.csr_matrix(
            (np.ones(rows.shape[0], dtype=np.float32), (rows, cols)),
            shape=(n_texts, n_features),
        )
        counts.sum_duplicates()
        return counts

    def _walk(self, data: bytes, state: int) -> list[int]:
        """py3langid's own DFA walk (`visit_counts`), from any state: the features it passes."""
        nextmove, rowbase, output = self.identifier.tk_nextmove, self.rowbase_list, self.output_list
        found = []
        for letter in data:
            state = nextmove[rowbase[state] + letter]
            feature = output[state]
            if feature >= 0:
                found.append(feature)
        return found

    def merged_log_probabilities(self, encoded: Sequence[bytes]) -> tuple[np.ndarray, np.ndarray]:
        """py3langid's log-probabilities (norm_probs=True) merged onto `self.names`, and for
        each text a bound on how far py3langid's float32 arithmetic can be from them."""
        counts = self.visits(encoded)
        np.log1p(counts.data, out=counts.data)
        scores = np.asarray(counts @ self.table, dtype=np.float64) + self.prior
        scale = 1.0 / np.sqrt(
            np.fromiter((len(b) or 1 for b in encoded), dtype=np.float64, count=len(encoded))
        )
        scores *= scale[:, None]
        # Rounding error of an n-term float32 dot product is at most about n * eps * sum|terms|;
        # py3langid and this sum in different orders, so allow it twice, with ample slack.
        terms = np.diff(counts.indptr)
        magnitude = (counts @ self.table_absmax + self.prior_absmax) * scale
        noise = 8.0 * (terms + 2) * _FLOAT32_EPS * magnitude + 1e-4
        scores[terms == 0] = 0.0  # featureless text: py3langid returns a flat distribution
        return self._merge(scores), noise

    def _merge(self, scores: np.ndarray) -> np.ndarray:
        """Softmax over py3langid's columns, summed onto `self.names`, as logs."""
        scores -= scores.max(axis=1, keepdims=True)
        probabilities = np.exp(scores)
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        merged = probabilities[:, self.first_column]
        for key, column in self.extra_columns:
            merged[:, key] += probabilities[:, column]
        with np.errstate(divide="ignore"):
            return np.log(merged)

    def detect(self, texts: Sequence[str]) -> list[str]:
        results = [OTHER] * len(texts)
        todo = [i for i, text in enumerate(texts) if text and not text.isspace()]
        for begin in range(0, len(todo), _CHUNK):
            chunk = todo[begin : begin + _CHUNK]
            logs, noise = self.merged_log_probabilities([_encode(texts[i]) for i in chunk])
            for i, lang in zip(chunk, self._decide(logs, noise), strict=True):
                results[i] = lang if lang is not None else self._reference(texts[i])
        return results

    def detect_one(self, text: str) -> str:
        """`detect` for one text: the same rule on scalars, without the batch set-up (numpy
        calls on a one-row batch would cost more than the whole walk)."""
        encoded = _encode(text)
        found = self._walk(encoded, 0)
        if not found:
            return self._reference(text)  # a flat distribution: py3langid's tie order decides
        visits = Counter(found)
        features = np.fromiter(visits.keys(), dtype=np.intp, count=len(visits))
        weights = np.log1p(np.fromiter(visits.values(), dtype=np.float32, count=len(visits)))
        scale = 1.0 / math.sqrt(len(encoded))
        scores = (weights @ self.table[features]).astype(np.float64)
        scores += self.prior
        scores *= scale
        # the batch path's bound, with the table's largest entry standing in for each row's
        magnitude = (float(weights.sum()) * self.table_max + self.prior_absmax) * scale
        noise = 8.0 * (len(visits) + 2) * _FLOAT32_EPS * magnitude + 1e-4
        scores -= scores.max()
        probabilities = np.exp(scores)
        merged = probabilities[self.first_column]
        for key, column in self.extra_columns:
            merged[key] += probabilities[column]
        second, best = np.argpartition(merged, -2)[-2:].tolist()
        if _log_ratio(merged[best], merged[second]) <= noise:
            return self._reference(text)
        if self.is_supported[best]:
            return str(self.names[best])
        ours = merged[self.supported].tolist()
        mass = _log_ratio(sum(ours) / float(probabilities.sum()), _MIN_SUPPORTED_MASS)
        if abs(mass) <= noise:
            return self._reference(text)
        if mass < 0:
            return OTHER
        ranked = sorted(range(len(ours)), key=ours.__getitem__)
        if _log_ratio(ours[ranked[-1]], ours[ranked[-2]]) <= noise:
            return self._reference(text)
        return SUPPORTED_LANGUAGES[ranked[-1]]

    def _reference(self, text: str) -> str:
        # Near-ties are mostly short placeholder texts ("URL", "lol") that recur: cache those.
        if len(text) <= _CACHED_TEXT_LENGTH:
            return _detect_one_cached(text)
        return _detect_one(self.identifier, text)

    def _decide(self, logs: np.ndarray, noise: np.ndarray) -> list[str | None]:
        """The rule of `_detect_one` on a batch; None where rounding could flip the answer."""
        rows = np.arange(logs.shape[0])
        top2 = np.argpartition(-logs, 1, axis=1)[:, :2]
        best = top2[:, 0]
        unsure = logs[rows, best] - logs[rows, top2[:, 1]] <= noise
        best_supported = self.is_supported[best]
        ours = logs[:, self.supported]
        mass = np.log(np.exp(ours).sum(axis=1) / _MIN_SUPPORTED_MASS)
        unsure |= ~best_supported & (np.abs(mass) <= noise)
        fallback = ~best_supported & (mass >= 0)
        ours_top2 = np.sort(ours, axis=1)[:, -2:]
        unsure |= fallback & (ours_top2[:, 1] - ours_top2[:, 0] <= noise)
        choice = np.where(
            best_supported,
            best,
            np.where(fallback, self.supported[np.argmax(ours, axis=1)], len(self.names) - 1),
        )
        out: list[str | None] = self.names[choice].tolist()
        for i in np.flatnonzero(unsure).tolist():
            out[i] = None
        return out


def _log_ratio(a: float, b: float) -> float:
    if b <= 0.0:
        return math.inf if a > 0.0 else 0.0
    if a <= 0.0:
        return -math.inf
    return math.log(a / b)


def _encode(text: str) -> bytes:
    # exactly py3langid's LanguageIdentifier._encode for str input
    if text.isupper():
        text = text.lower()
    return unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")


def _batched_model() -> _BatchedModel:
    global _model
    with _lock:
        if _model is None:
            # Imported lazily: loading the model costs ~0.5 s and not every process needs it.
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            _model = _BatchedModel(LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True))
        return _model


@lru_cache(maxsize=4096)
def _detect_one_cached(text: str) -> str:
    return _detect_one(_identifier(), text)


def _identifier() -> Any:
    """py3langid's own identifier (normalised probabilities), loaded once."""
    return _batched_model().identifier


def _detect_one(identifier: Any, text: str) -> str:
    """The reference rule, one text through py3langid: the batched path must agree with it."""
    merged: dict[str, float] = {}
    for lang, prob in identifier.rank(text):
        key = _ALIASES.get(lang, lang)
        merged[key] = merged.get(key, 0.0) + prob
    best = max(merged, key=lambda k: merged[k])
    if best in SUPPORTED_LANGUAGES:
        return best
    ours = {lang: merged.get(lang, 0.0) for lang in SUPPORTED_LANGUAGES}
    if sum(ours.values()) >= _MIN_SUPPORTED_MASS:
        return max(ours, key=lambda k: ours[k])
    return OTHER


def normalise_language_code(code: str | None) -> str | None:
    """Map a given code ("no", "sv-SE", "EN") onto ours; None stays None, unknown codes pass."""
    if code is None:
        return None
    base = code.strip().lower().replace("_", "-").split("-")[0]
    if not base:
        return None
    return _ALIASES.get(base, base)


def detect_languages(texts: Sequence[str]) -> list[str]:
    """`detect_language` for many texts at once (about 10x faster per text in batches)."""
    if not texts:
        return []
    return _batched_model().detect(texts)


def detect_language(text: str) -> str:
    """Return "sv", "da", "nb", "en" or "other" for a piece of text."""
    if not text or not text.strip():
        return OTHER
    return _batched_model().detect_one(text)


def reference_detect_language(text: str) -> str:
    """`detect_language` computed by py3langid one text at a time (for tests and benchmarks)."""
    if not text or not text.strip():
        return OTHER
    return _detect_one(_identifier(), text)


__all__ = [
    "OTHER",
    "SUPPORTED_LANGUAGES",
    "detect_language",
    "detect_languages",
    "normalise_language_code",
    "reference_detect_language",
]

"""Turns messages into one sparse matrix: hashed char n-grams, hashed words, cheap dense cues.

Hashing keeps the artefact small and the same for every language (no vocabulary to store or
drift). Character n-grams carry most of the weight because they survive inflection, compounds
("invandrarjävlar") and misspellings in all four languages.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp

from netpolarna.netwalk.classifier.normalise import normalise

LANGUAGE_SLOTS: tuple[str, ...] = ("sv", "da", "nb", "en", "other")

# One scan finds three cues (group 1, 2, 3 of each match):
# - second-person address: attacks are aimed at "you"; critique is about "the decision";
# - negation: "I'm not saying ..." flips what follows;
# - quoting or reported speech: counter-speech quotes the slur it objects to.
_CUES = re.compile(
    r"\b(?:(you|your|you'?re|ur|u|yourself|du|dig|din|ditt|dina|ni|era|dere|deg|dine|jer|"
    r"jeres|dit)|(not|no|never|isn'?t|don'?t|doesn'?t|aren'?t|inte|icke|aldrig|ej|inga|ingen|"
    r"ikke|aldri|intet)|(called|calling|call|said|says|wrote|writes|kalla|kallar|kallade|kallat|"
    r"skrev|skriver|kalder|kaldes|kaldte|kalde|sagde|siger|skriv|kaller|kalte|sier|sa))\b"
    r"|([\"“”«»„])"
)
_TOKEN_PUNCTUATION = ".,!?;:\"'()[]{}“”«»„…*-"


class _CharHasher:
    """Vectorised char_wb-style n-gram hashing (about 5x faster than HashingVectorizer's).

    Texts are padded with spaces and n-grams may contain a space only at their ends, which is
    exactly the "char_wb" analyser on single-spaced text, but computed with numpy over a batch.
    """

    _PRIME = np.uint64(1_000_003)
    _MIX = np.uint64(0x9E3779B97F4A7C15)

    def __init__(self, ngram_range: tuple[int, int], n_features: int) -> None:
        self.ngram_range = ngram_range
        self.n_features = n_features

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        n_docs = len(texts)
        padded = [f" {t} " for t in texts]
        lengths = np.fromiter((len(t) for t in padded), dtype=np.int64, count=n_docs)
        joined = "".join(padded)
        codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        doc_of = np.repeat(np.arange(n_docs, dtype=np.int32), lengths)
        is_space = (codes == 32).astype(np.int32)
        space_cum = np.concatenate(([0], np.cumsum(is_space, dtype=np.int32)))
        rows: list[np.ndarray] = []
        cols: list[np.ndarray] = []
        low, high = self.ngram_range
        rolling = codes
        for n in range(1, high + 1):
            if n > 1:
                # rolling[i] now hashes codes[i : i + n]
                rolling = rolling[:-1] * self._PRIME + codes[n - 1 :]
            if n < low:
                continue
            # Every text is padded " text ", so a window that crosses into the next text holds
            # a space strictly inside it (or is two spaces for n == 2) and is dropped with the
            # within-text windows that would span two words: char_wb semantics.
            if n == 1:
                keep = is_space == 0
            elif n == 2:
                keep = (is_space[:-1] & is_space[1:]) == 0
            else:
                keep = (
                    space_cum[n - 1 : len(space_cum) - 1] - space_cum[1 : len(space_cum) - n + 1]
                ) == 0
            hashed = (rolling[keep] ^ np.uint64(n)) * self._MIX
            hashed ^= hashed >> np.uint64(29)
            cols.append((hashed % np.uint64(self.n_features)).astype(np.int32))
            rows.append(doc_of[: len(keep)][keep])
        row = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        col = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
        data = np.ones(row.shape[0], dtype=np.float32)
        matrix = sp.csr_matrix((data, (row, col)), shape=(n_docs, self.n_features))
        matrix.sum_duplicates()
        return matrix


def _is_separator(codes: np.ndarray) -> np.ndarray:
    """Word separators: whitespace and ASCII/general punctuation (letters, digits, "_" and
    emoji stay part of words, so "xuserx" and "💩" are tokens)."""
    ascii_sep = (codes < 128) & ~(
        ((codes >= 48) & (codes <= 57)) | ((codes >= 65) & (codes <= 90))
        | ((codes >= 97) & (codes <= 122)) | (codes == 95)
    )  # fmt: skip
    general_punct = ((codes >= 0x2000) & (codes <= 0x206F)) | (codes == 0x3000)
    latin1_punct = (codes >= 0x80) & (codes <= 0xBF)
    return ascii_sep | general_punct | latin1_punct


class _WordHasher:
    """Hashed word unigrams and bigrams, vectorised like `_CharHasher`.

    A word's hash is a polynomial hash of its characters computed from prefix sums (modular
    arithmetic on uint64 wraps for free), so no Python loop runs per token.
    """

    _PRIME = np.uint64(1_000_003)
    _PRIME_INVERSE = np.uint64(pow(1_000_003, -1, 2**64))
    _MIX = np.uint64(0xC2B2AE3D27D4EB4F)

    def __init__(self, n_features: int) -> None:
        self.n_features = n_features

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        n_docs = len(texts)
        padded = [f" {t} " for t in texts]
        lengths = np.fromiter((len(t) for t in padded), dtype=np.int64, count=n_docs)
        codes = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32)
        doc_of = np.repeat(np.arange(n_docs, dtype=np.int32), lengths)
        sep = _is_separator(codes)
        # word [start, end): start where a non-separator follows a separator, end the reverse
        starts = np.flatnonzero(~sep[1:] & sep[:-1]) + 1
        ends = np.flatnonzero(~sep[:-1] & sep[1:]) + 1
        total = codes.shape[0]
        powers = np.ones(total + 1, dtype=np.uint64)
        powers[1:] = self._PRIME
        powers = np.cumprod(powers)  # P^i, wrapping mod 2^64
        inverse = np.ones(total, dtype=np.uint64)
        inverse[1:] = self._PRIME_INVERSE
        inverse = np.cumprod(inverse)  # P^-i
        prefix = np.zeros(total + 1, dtype=np.uint64)
        prefix[1:] = np.cumsum(codes.astype(np.uint64) * inverse)
        # sum_{j in [l, r)} c_j * P^(r-1-j) == P^(r-1) * (S[r] - S[l])
        unigram = powers[ends - 1] * (prefix[ends] - prefix[starts])
        unigram = (unigram ^ (unigram >> np.uint64(31))) * self._MIX
        word_doc = doc_of[starts]
        same_doc = word_doc[:-1] == word_doc[1:]
        bigram = (unigram[:-1] * self._PRIME + unigram[1:])[same_doc] * self._MIX
        bigram ^= bigram >> np.uint64(29)
        hashes = np.concatenate((unigram, bigram))
        row = np.concatenate((word_doc, word_doc[:-1][same_doc]))
        col = (hashes % np.uint64(self.n_features)).astype(np.int32)
        data = np.ones(row.shape[0], dtype=np.float32)
        matrix = sp.csr_matrix((data, (row, col)), shape=(n_docs, self.n_features))
        matrix.sum_duplicates()
        return matrix


def _shouting(raw: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Share of upper-case letters (0 for texts under 4 letters) and "!" count, scaled to 0..1.

    Counted with numpy over the whole batch: a per-character Python loop would cost more than
    all the hashing together.
    """
    lengths = np.fromiter((len(t) + 1 for t in raw), dtype=np.int64, count=len(raw))
    codes = np.frombuffer("\n".join(raw).encode("utf-32-le") + b"\n\0\0\0", dtype=np.uint32)
    upper = ((codes >= 65) & (codes <= 90)) | ((codes >= 0xC0) & (codes <= 0xDE) & (codes != 0xD7))
    lower = ((codes >= 97) & (codes <= 122)) | ((codes >= 0xDF) & (codes <= 0xFF) & (codes != 0xF7))
    offsets = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    n_upper = np.add.reduceat(upper.astype(np.int64), offsets)
    n_letters = n_upper + np.add.reduceat(lower.astype(np.int64), offsets)
    n_bang = np.add.reduceat((codes == 33).astype(np.int64), offsets)
    share = np.where(n_letters >= 4, n_upper / np.maximum(n_letters, 1), 0.0)
    return share, np.minimum(n_bang, 5) / 5.0


def _l2_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    # sublinear tf then L2, so one repeated slur does not dominate a long message
    matrix.data = 1.0 + np.log(matrix.data)
    counts = np.diff(matrix.indptr)
    row_of = np.repeat(np.arange(matrix.shape[0]), counts)
    norms = np.sqrt(np.bincount(row_of, weights=matrix.data**2, minlength=matrix.shape[0]))
    norms[norms == 0] = 1.0
    matrix.data = matrix.data / norms[row_of].astype(matrix.data.dtype)
    return matrix


class FeaturePipeline:
    """Stateless apart from an optional profanity lexicon; `transform` is all prediction needs."""

    def __init__(
        self,
        *,
        char_ngrams: tuple[int, int] = (2, 5),
        char_features: int = 2**20,
        word_features: int = 2**18,
        word_weight: float = 0.6,
        lexicon: Iterable[str] = (),
    ) -> None:
        self.char_hasher = _CharHasher(char_ngrams, char_features)
        self.word_hasher = _WordHasher(word_features)
        self.word_weight = word_weight
        # Single words and two-word phrases; a set lookup per token keeps this cheap.
        self.lexicon = frozenset(w for w in (" ".join(x.lower().split()) for x in lexicon) if w)

    @property
    def n_dense(self) -> int:
        return 6 + len(LANGUAGE_SLOTS)

    def dense(
        self, raw: Sequence[str], normalised: Sequence[str], langs: Sequence[str]
    ) -> np.ndarray:
        out = np.zeros((len(raw), self.n_dense), dtype=np.float64)
        if not raw:
            return out
        out[:, 0], out[:, 1] = _shouting(raw)
        lexicon = self.lexicon
        other_slot = len(LANGUAGE_SLOTS) - 1
        for i, (norm, lang) in enumerate(zip(normalised, langs, strict=True)):
            for second, negation, reported, quote in _CUES.findall(norm):
                out[i, 2] = out[i, 2] or bool(second)
                out[i, 3] = out[i, 3] or bool(negation)
                out[i, 4] = out[i, 4] or bool(reported or quote)
            if lexicon:
                tokens = [t.strip(_TOKEN_PUNCTUATION) for t in norm.split()]
                hits = sum(t in lexicon for t in tokens)
                hits += sum(f"{a} {b}" in lexicon for a, b in itertools.pairwise(tokens))
                out[i, 5] = min(hits, 3) / 3.0
            slot = LANGUAGE_SLOTS.index(lang) if lang in LANGUAGE_SLOTS else other_slot
            out[i, 6 + slot] = 1.0
        return out

    def transform(self, texts: Sequence[str], langs: Sequence[str]) -> sp.csr_matrix:
        """One row per text; `langs` must already be resolved (see `language.detect_language`)."""
        normalised = [normalise(t) for t in texts]
        chars = _l2_rows(self.char_hasher.transform(normalised))
        words = _l2_rows(self.word_hasher.transform(normalised))
        words.data *= self.word_weight
        dense = sp.csr_matrix(self.dense(texts, normalised, langs))
        return sp.hstack([chars, words, dense], format="csr")

"""Turns messages into one sparse matrix: hashed char n-grams, hashed words, cheap dense cues.

Hashing keeps the artefact small and the same for every language (no vocabulary to store or
drift). Character n-grams carry most of the weight because they survive inflection, compounds
("invandrarjävlar") and misspellings in all four languages.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from functools import cached_property

import numpy as np
import scipy.sparse as sp

from netpolarna.netwalk.classifier.normalise import normalise

LANGUAGE_SLOTS: tuple[str, ...] = ("sv", "da", "nb", "en", "other")
_LANGUAGE_SLOT = {lang: slot for slot, lang in enumerate(LANGUAGE_SLOTS)}

# Three cues, each "the normalised text has one of these as a whole word":
# - second-person address: attacks are aimed at "you"; critique is about "the decision";
# - negation: "I'm not saying ..." flips what follows;
# - quoting or reported speech: counter-speech quotes the slur it objects to.
# Looked up per word (a set lookup) rather than with one big alternation regex, which tried every
# alternative at every word boundary; tests check both agree. Words are runs of \w, so "you're"
# counts as "you"; "isn't" (two runs) is matched separately.
_SECOND_PERSON = frozenset({
    "you", "your", "youre", "ur", "u", "yourself", "du", "dig", "din", "ditt", "dina", "ni", "era",
    "dere", "deg", "dine", "jer", "jeres", "dit",
})  # fmt: skip
_NEGATION = frozenset({
    "not", "no", "never", "isnt", "dont", "doesnt", "arent", "inte", "icke", "aldrig", "ej", "inga",
    "ingen", "ikke", "aldri", "intet",
})  # fmt: skip
_REPORTED = frozenset({
    "called", "calling", "call", "said", "says", "wrote", "writes", "kalla", "kallar", "kallade",
    "kallat", "skrev", "skriver", "kalder", "kaldes", "kaldte", "kalde", "sagde", "siger", "skriv",
    "kaller", "kalte", "sier", "sa",
})  # fmt: skip
_WORD_RUN = re.compile(r"\w+")
# Cues that carry meaning across wording (a word from the set anywhere in the message):
# - dehumanising comparisons: a group likened to vermin, disease or animals;
_DEHUMANISING = frozenset({
    "rats", "vermin", "cockroaches", "parasites", "animals", "plague", "locusts", "leeches",
    "maggots", "savages", "subhuman", "råttor", "kackerlackor", "parasiter", "djur", "ohyra",
    "pest", "gräshoppor", "blodiglar", "vildar", "undermänniskor", "rotter", "kakerlakker",
    "parasitter", "dyr", "utøj", "græshopper", "igler", "vilde", "maddiker", "undermennesker",
    "skadedyr", "gresshopper", "villmenn", "larver", "skadedjursbekämpning", "skadedyrkontroll",
    "skadedyrsbekæmpelse",
})  # fmt: skip
# - threat constructions: harm verbs and "I know where you live"-type plans against a person;
_THREAT_WORDS = frozenset({
    "kill", "stab", "shoot", "burn", "smash", "dead", "die", "hurt", "beat", "watch", "address",
    "döda", "knivhugga", "skjuta", "bränna", "brinner", "död", "slå", "akta", "adress", "adressen",
    "dræbe", "stikke", "skyde", "brænde", "brænder", "smadre", "smadrer", "bank", "juling",
    "drepe", "skyte", "brenne", "brenner", "knuse", "pass", "adresse", "lesson",
    "läxa", "lektie", "lekse", "shame", "synd", "careful", "försiktig", "forsigtig",
})  # fmt: skip
# - counter-speech acts: reporting, asking to stop, naming bullying, offering help.
_COUNTER_WORDS = frozenset({
    "reported", "report", "stop", "bullying", "harassment", "alone", "dehumanising", "hate",
    "anmäld", "anmält", "anmälde", "sluta", "mobbning", "trakasserier", "ifred", "hat",
    "avhumaniserande", "anmeldt", "mobning", "chikane", "umenneskeliggørende", "had",
    "rapportert", "slutt", "mobbing", "trakassering", "fred", "avhumaniserende", "hets",
})  # fmt: skip
_THREAT_EMOJI = re.compile("[\U0001f52a\U0001f52b\U0001f4a3\U0001fa78\u2620\u26b0\U0001faa6]")
_LAUGH_EMOJI = re.compile("[\U0001f602\U0001f923\U0001f480\U0001f921]")
_CARE_EMOJI = re.compile("[\u2764\U0001f49b\U0001faf6\U0001f64f\U0001f499\U0001f49a]")


def _words(tokens: list[str]) -> list[str]:
    """The \\w runs of a text, from its punctuation-stripped whitespace tokens.

    A token that `isalnum()` is one run (that is exactly how `re` defines \\w, plus "_"); only
    the rest ("you're", "a/b", "x_y") go through the regex. Stripping only removes non-word
    characters, so it changes no run.
    """
    mixed = [t for t in tokens if not t.isalnum()]
    if not mixed:
        return tokens
    return tokens + _WORD_RUN.findall(" ".join(mixed))


_N_CUES = 8
_APOSTROPHE_NEGATION = re.compile(r"\b(?:isn|don|doesn|aren)'t\b")
_QUOTE = re.compile(r"[\"“”«»„]")
_TOKEN_PUNCTUATION = ".,!?;:\"'()[]{}“”«»„…*-"


def _encode_padded(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The batch as one array of code points, each text padded " text ", and the padded lengths.

    Both hashers read the same array, so `FeaturePipeline` builds it once per batch.
    """
    lengths = np.fromiter((len(t) + 2 for t in texts), dtype=np.int64, count=len(texts))
    joined = " " + "  ".join(texts) + " " if texts else ""
    return np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32), lengths


def _bucket(hashed: np.ndarray, n_features: int) -> np.ndarray:
    if n_features & (n_features - 1) == 0:  # a power of two: the same as %, without a division
        return (hashed & np.uint64(n_features - 1)).astype(np.int32)
    return (hashed % np.uint64(n_features)).astype(np.int32)


class _Keys:
    """(document, column) pairs packed into one integer: document << shift | column.

    Sorting the packed keys groups each document's columns in order, so duplicates become runs:
    about three times faster than COO -> CSR, which sorts every row on its own.
    """

    def __init__(self, n_docs: int, n_features: int) -> None:
        self.n_docs = n_docs
        self.n_features = n_features
        self.shift = max(int(n_features - 1).bit_length(), 1)
        # 32-bit keys sort about three times faster than 64-bit ones
        self.dtype = np.int32 if n_docs << self.shift < 2**31 else np.int64

    def of_docs(self, docs: np.ndarray) -> np.ndarray:
        return np.left_shift(docs.astype(self.dtype), self.shift)

    def counts(self, keys: np.ndarray) -> sp.csr_matrix:
        """The count matrix of the packed keys, in canonical CSR form."""
        keys = np.sort(keys)
        first = np.empty(keys.shape[0], dtype=bool)
        first[:1] = True
        np.not_equal(keys[1:], keys[:-1], out=first[1:])
        starts = np.flatnonzero(first)
        unique = keys[starts]
        counts = np.diff(starts, append=keys.shape[0]).astype(np.float32)
        indices = (unique & ((1 << self.shift) - 1)).astype(np.int32)
        row_starts = np.arange(self.n_docs + 1, dtype=np.int64) << self.shift
        indptr = np.searchsorted(unique, row_starts)
        if indptr[-1] < np.iinfo(np.int32).max:
            indptr = indptr.astype(np.int32)
        matrix = sp.csr_matrix((counts, indices, indptr), shape=(self.n_docs, self.n_features))
        matrix.has_canonical_format = True  # sorted, no duplicates: by construction
        return matrix


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
        return self.transform_codes(*_encode_padded(texts))

    def transform_codes(self, codes32: np.ndarray, lengths: np.ndarray) -> sp.csr_matrix:
        layout = _Keys(lengths.shape[0], self.n_features)
        codes = codes32.astype(np.uint64)
        doc_keys = np.repeat(layout.of_docs(np.arange(lengths.shape[0])), lengths)
        is_space = (codes32 == 32).astype(np.int32)
        space_cum = np.concatenate(([0], np.cumsum(is_space, dtype=np.int32)))
        kept: list[np.ndarray] = []
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
            # Hashing every window and dropping the unwanted keys afterwards is cheaper than
            # dropping the windows first: one compaction of 32-bit keys instead of two.
            hashed = (rolling ^ np.uint64(n)) * self._MIX
            hashed ^= hashed >> np.uint64(29)
            keys = _bucket(hashed, self.n_features).astype(layout.dtype, copy=False)
            np.bitwise_or(keys, doc_keys[: keys.shape[0]], out=keys)
            kept.append(keys[keep])
        return layout.counts(np.concatenate(kept) if kept else np.zeros(0, layout.dtype))


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
        return self.transform_codes(*_encode_padded(texts))

    def transform_codes(self, codes: np.ndarray, lengths: np.ndarray) -> sp.csr_matrix:
        n_docs = lengths.shape[0]
        doc_of = np.repeat(np.arange(n_docs, dtype=np.int32), lengths)
        sep = _is_separator(codes)
        # word [start, end): start where a non-separator follows a separator, end the reverse
        starts = np.flatnonzero(~sep[1:] & sep[:-1]) + 1
        ends = np.flatnonzero(~sep[:-1] & sep[1:]) + 1
        total = codes.shape[0]
        powers, inverse = _powers(total + 1)  # P^i and P^-i, wrapping mod 2^64
        prefix = np.zeros(total + 1, dtype=np.uint64)
        np.cumsum(codes.astype(np.uint64) * inverse[:total], out=prefix[1:])
        # sum_{j in [l, r)} c_j * P^(r-1-j) == P^(r-1) * (S[r] - S[l])
        unigram = powers[ends - 1] * (prefix[ends] - prefix[starts])
        unigram = (unigram ^ (unigram >> np.uint64(31))) * self._MIX
        word_doc = doc_of[starts]
        same_doc = word_doc[:-1] == word_doc[1:]
        bigram = (unigram[:-1] * self._PRIME + unigram[1:])[same_doc] * self._MIX
        bigram ^= bigram >> np.uint64(29)
        layout = _Keys(n_docs, self.n_features)
        doc_keys = layout.of_docs(word_doc)
        unigram_keys = _bucket(unigram, self.n_features).astype(layout.dtype) | doc_keys
        bigram_keys = _bucket(bigram, self.n_features).astype(layout.dtype)
        np.bitwise_or(bigram_keys, doc_keys[:-1][same_doc], out=bigram_keys)
        return layout.counts(np.concatenate((unigram_keys, bigram_keys)))


_power_tables: tuple[np.ndarray, np.ndarray] = (np.ones(0, np.uint64), np.ones(0, np.uint64))


def _powers(size: int) -> tuple[np.ndarray, np.ndarray]:
    """(P^i, P^-i) mod 2^64 for i < size with P the word hasher's prime; grown on demand."""
    global _power_tables
    tables = _power_tables
    if tables[0].shape[0] < size:
        size = max(size, 1 << 16, 2 * tables[0].shape[0])
        powers = np.full(size, _WordHasher._PRIME, dtype=np.uint64)
        inverse = np.full(size, _WordHasher._PRIME_INVERSE, dtype=np.uint64)
        powers[0] = inverse[0] = 1
        tables = (np.cumprod(powers), np.cumprod(inverse))
        _power_tables = tables  # replaced whole, so concurrent readers see either table
    return tables


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
        # Artefacts pickled before these cues existed lack the attribute: their width stays.
        self.meaning_cues = True

    @property
    def n_features(self) -> int:
        """Width of `transform`'s matrix."""
        return self.char_hasher.n_features + self.word_hasher.n_features + self.n_dense

    @property
    def n_dense(self) -> int:
        return 6 + len(LANGUAGE_SLOTS) + (_N_CUES if self._cues else 0)

    @property
    def _cues(self) -> bool:
        return getattr(self, "meaning_cues", False)

    @cached_property
    def _lexicon_phrases(self) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
        """First words of the two-word lexicon entries, and the entries as word pairs."""
        pairs = frozenset(
            (first, second)
            for first, _, second in (term.partition(" ") for term in self.lexicon)
            if second and " " not in second
        )
        return frozenset(first for first, _ in pairs), pairs

    def __getstate__(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if k != "_lexicon_phrases"}

    def dense(
        self, raw: Sequence[str], normalised: Sequence[str], langs: Sequence[str]
    ) -> np.ndarray:
        out = np.zeros((len(raw), self.n_dense), dtype=np.float64)
        if not raw:
            return out
        out[:, 0], out[:, 1] = _shouting(raw)
        # Per-text work is plain Python on sets and strings, gathered into columns at the end.
        second, negation, reported, lexicon_hits = [], [], [], []
        cues = self._cues
        dehumanising, threat_words, counter_words = [], [], []
        lexicon = self.lexicon
        first_words, pairs = self._lexicon_phrases if lexicon else (frozenset(), frozenset())
        strip_chars = itertools.repeat(_TOKEN_PUNCTUATION)
        for norm in normalised:
            tokens = list(map(str.strip, norm.split(), strip_chars))
            words = _words(tokens)
            second.append(not _SECOND_PERSON.isdisjoint(words))
            negation.append(
                not _NEGATION.isdisjoint(words)
                or ("'t" in norm and _APOSTROPHE_NEGATION.search(norm) is not None)
            )
            reported.append(not _REPORTED.isdisjoint(words) or _QUOTE.search(norm) is not None)
            if cues:
                dehumanising.append(not _DEHUMANISING.isdisjoint(words))
                threat_words.append(not _THREAT_WORDS.isdisjoint(words))
                counter_words.append(not _COUNTER_WORDS.isdisjoint(words))
            if lexicon:
                hits = sum(map(lexicon.__contains__, tokens))
                if not first_words.isdisjoint(tokens):
                    hits += sum(map(pairs.__contains__, itertools.pairwise(tokens)))
                lexicon_hits.append(min(hits, 3) / 3.0)
        out[:, 2] = second
        out[:, 3] = negation
        out[:, 4] = reported
        if lexicon:
            out[:, 5] = lexicon_hits
        other_slot = len(LANGUAGE_SLOTS) - 1
        slots = [_LANGUAGE_SLOT.get(lang, other_slot) for lang in langs]
        out[np.arange(len(raw)), 6 + np.array(slots, dtype=np.int64)] = 1.0
        if cues:
            first = 6 + len(LANGUAGE_SLOTS)
            second_person = out[:, 2] > 0
            out[:, first] = dehumanising
            out[:, first + 1] = threat_words
            # a harm word aimed at "you" is the core of a threat construction
            out[:, first + 2] = np.logical_and(threat_words, second_person)
            out[:, first + 3] = counter_words
            # counter-speech quotes what it objects to: a quote next to a counter word
            out[:, first + 4] = np.logical_and(counter_words, out[:, 4] > 0)
            out[:, first + 5] = [_THREAT_EMOJI.search(t) is not None for t in raw]
            out[:, first + 6] = [_LAUGH_EMOJI.search(t) is not None for t in raw]
            out[:, first + 7] = [_CARE_EMOJI.search(t) is not None for t in raw]
        return out

    def transform(self, texts: Sequence[str], langs: Sequence[str]) -> sp.csr_matrix:
        """One row per text; `langs` must already be resolved (see `language.detect_language`)."""
        normalised = [normalise(t) for t in texts]
        codes, lengths = _encode_padded(normalised)
        chars = _l2_rows(self.char_hasher.transform_codes(codes, lengths))
        words = _l2_rows(self.word_hasher.transform_codes(codes, lengths))
        words.data *= self.word_weight
        dense = sp.csr_matrix(self.dense(texts, normalised, langs))
        return sp.hstack([chars, words, dense], format="csr")

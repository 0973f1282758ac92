"""Whether a model was trained with the public corpora, and what to say when it was not.

Without them (a clone without `../shared/data`, or `NETPOLARNA_CORPUS_DIRS` pointing nowhere)
training still works, on the project corpus and staff labels alone, but gives a much weaker
model. That must never pass silently: `model train` (and `model ensure`) warn on stderr and in
the log, and the model card says so at the top. We warn rather than refuse so that a fresh
laptop still gets a working model to try the service with.
"""

from __future__ import annotations

from collections.abc import Iterable

from netpolarna.netwalk.classifier.corpus import DAVIDSON_SOURCE, DKHATE_SOURCE, LDNOOBW_SOURCE

PUBLIC_SOURCES = frozenset({DAVIDSON_SOURCE, DKHATE_SOURCE, LDNOOBW_SOURCE})

WITHOUT_PUBLIC_CORPORA = (
    "trained WITHOUT the public corpora (davidson2017, dkhate, ldnoobw): none was found in "
    "NETPOLARNA_CORPUS_DIRS (default: ../shared/data next to the checkout). Expect a much weaker "
    "model; retrain with the corpora before relying on its scores."
)


def lacks_public_corpora(sources: Iterable[str]) -> bool:
    return not PUBLIC_SOURCES & set(sources)


def model_card_notice(sources: Iterable[str]) -> list[str]:
    """Lines for the top of the model card: a warning, or nothing."""
    if not lacks_public_corpora(sources):
        return []
    return ["", f"> **Warning:** this model was {WITHOUT_PUBLIC_CORPORA}"]

"""The learned pile-on model's features, bounds, score mapping and readable reasons."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from netpolarna.netwalk.detection.conflict_state import ConflictSettings, ScoredMessage
from netpolarna.netwalk.detection.escalation import assess, replay
from netpolarna.netwalk.detection.thread_corpus import load_training_threads, split_threads
from netpolarna.netwalk.detection.thread_features import (
    FEATURE_NAMES,
    MAX_AUTHORS,
    MAX_CUE_IDS,
    features,
    message_cues,
)
from netpolarna.netwalk.detection.thread_model import FLAG_SCORE, ThreadModel

T0 = datetime(2026, 10, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("kom igen alla, spamma henne", "mobilise"),
        ("lad os alle sammen skrive til ham", "mobilise"),
        ("hon går i 8b på Västerskolan", "expose"),
        ("snappen hans er @kalle_9c", "expose"),
        ("sprid det här överallt", "spread"),
        ("share this with everyone lol", "spread"),
        ("haha så sant 😂", "agree"),
        ("akkurat", "agree"),
    ],
)
def test_message_cues_in_the_four_languages(text: str, cue: str) -> None:
    assert cue in message_cues(text)


def test_plain_chat_has_no_pile_on_cues() -> None:
    assert message_cues("vad fint väder idag") == ()


def _message(i: int, author: str, label: str, targets: tuple[str, ...] = (), **kw) -> ScoredMessage:
    return ScoredMessage(
        id=i, author=author, created_at=T0 + timedelta(minutes=i), label=label,
        hostility=0.9 if label in {"hateful", "offensive"} else 0.05, targets=targets, **kw,
    )  # fmt: skip


def test_tally_stays_bounded_however_long_the_thread() -> None:
    settings = ConflictSettings()
    messages = [
        _message(i, f"a{i}", "offensive", ("person:x",), cues=("mobilise", "agree"))
        for i in range(1, 2001)
    ]
    state = replay(messages, settings)
    assert len(state.learned["authors"]) == MAX_AUTHORS
    assert len(state.learned["hostile_authors"]) == MAX_AUTHORS
    assert len(state.learned["cue_ids"]) == MAX_CUE_IDS
    vector = features(state)
    assert vector.shape == (len(FEATURE_NAMES),) and np.all((vector >= 0) & (vector <= 1.5))


def test_defender_attacks_are_counted() -> None:
    state = replay(
        [
            _message(1, "target", "neutral"),
            _message(2, "bully", "offensive", ("person:target",)),
            _message(3, "friend", "counter_speech"),
            _message(4, "bully2", "offensive", ("person:friend",)),
        ],
        ConflictSettings(),
    )
    assert state.learned["counts"]["defender_attacks"] == 1


def _feature(state, name: str) -> float:
    return float(features(state)[FEATURE_NAMES.index(name)])


def test_friends_roasting_each_other_read_as_mutual_a_crowd_on_one_person_does_not() -> None:
    settings = ConflictSettings()
    banter = replay(
        [
            _message(i, a, "offensive", (f"person:{b}",))
            for i, (a, b) in enumerate([("ali", "bo"), ("bo", "ali"), ("cim", "bo"),
                                        ("bo", "cim"), ("ali", "cim"), ("cim", "ali")], start=1)
        ],
        settings,
    )  # fmt: skip
    crowd = replay(
        [_message(1, "target", "neutral")]
        + [_message(i, f"u{i}", "offensive", ("person:target",)) for i in range(2, 8)],
        settings,
    )
    assert _feature(banter, "reciprocal_share") == pytest.approx(3 / 6)  # replies 2, 4, 6
    assert _feature(banter, "target_also_hostile_share") == pytest.approx(5 / 6)
    assert _feature(crowd, "reciprocal_share") == 0.0
    assert _feature(crowd, "target_also_hostile_share") == 0.0
    assert len(banter.learned["hostile_pairs"]) == 6


def test_a_model_trained_before_features_were_added_scores_on_its_own_features() -> None:
    settings = ConflictSettings()
    pile = [_message(1, "target", "neutral")] + [
        _message(i, f"u{i}", "offensive", ("person:target",)) for i in range(2, 9)
    ]
    state = replay(pile, settings)
    current = _pile_on_model()
    names = FEATURE_NAMES[:-2]
    older = ThreadModel(
        coef=current.coef[: len(names)], intercept=-4.0, threshold=0.6, feature_names=names
    )
    assert older.rescore(state)[0] == current.rescore(state)[0] >= FLAG_SCORE


def _pile_on_model() -> ThreadModel:
    coef = np.zeros(len(FEATURE_NAMES))
    coef[FEATURE_NAMES.index("pile_on_authors")] = 12.0
    coef[FEATURE_NAMES.index("mobilisation")] = 4.0
    return ThreadModel(coef=coef, intercept=-4.0, threshold=0.6)


def test_learned_score_flags_a_pile_on_with_reasons_naming_messages() -> None:
    settings = ConflictSettings()
    pile = [_message(1, "target", "neutral")] + [
        _message(i, f"u{i}", "offensive", ("person:target",), cues=("mobilise",) if i == 3 else ())
        for i in range(2, 9)
    ]
    assessment = assess(replay(pile, settings), settings, thread_model=_pile_on_model())
    assert assessment.score >= FLAG_SCORE and assessment.severity != "none"
    learned = [r for r in assessment.reasons if r.code.startswith("learned_")]
    assert learned and learned[0].code == "learned_pile_on_authors"
    assert "3" in learned[0].en and learned[0].sv.startswith("Drevmodellen")
    assert learned[0].params["ids"].startswith("3")
    assert "flere afsendere" in learned[0].text("da") and "(beskeder 3" in learned[0].text("da")
    assert learned[0].text("nb").startswith("Hetsmodellen: flere avsendere")


def test_learned_score_leaves_a_heated_debate_unflagged() -> None:
    settings = ConflictSettings()
    debate = [
        _message(i, f"u{i % 4}", "offensive" if i % 3 == 0 else "neutral") for i in range(1, 13)
    ]
    assessment = assess(replay(debate, settings), settings, thread_model=_pile_on_model())
    assert assessment.score < FLAG_SCORE and assessment.severity == "none"
    assert not [r for r in assessment.reasons if r.code.startswith("learned_")]


def test_decision_threshold_maps_onto_the_flag_score() -> None:
    model = _pile_on_model()
    assert model.score_of(model.threshold) == pytest.approx(FLAG_SCORE, abs=1e-3)
    assert model.score_of(0.99) > 0.9 and model.score_of(0.3) < FLAG_SCORE


def test_a_threat_like_word_in_a_friendly_message_is_no_threat_feature() -> None:
    settings = ConflictSettings()
    friendly = replay(
        [_message(1, "a", "neutral", threat=0.95), _message(2, "b", "neutral")], settings
    )
    hostile = replay(
        [_message(1, "a", "offensive", ("person:b",), threat=0.95), _message(2, "b", "neutral")],
        settings,
    )
    threats = FEATURE_NAMES.index("threats")
    threat_max = FEATURE_NAMES.index("threat_max")
    assert features(friendly)[threats] == 0 and features(friendly)[threat_max] == 0
    assert features(hostile)[threats] > 0 and features(hostile)[threat_max] == pytest.approx(0.95)
    # below the level the training justified, even a hostile threat is not counted
    assert features(hostile, threat_threshold=0.9)[threats] > 0
    mild = replay([_message(1, "a", "offensive", ("person:b",), threat=0.65)], settings)
    assert features(mild, threat_threshold=0.7)[threats] == 0
    assert features(mild, threat_threshold=0.7)[threat_max] == 0


def test_hand_written_threads_are_held_out_by_id_and_generated_ones_never() -> None:
    threads = load_training_threads()
    train, held_out = split_threads(threads)
    assert held_out and all(t.source == "written" for t in held_out)
    assert {t.should_flag for t in held_out} == {True, False}
    assert len(train) + len(held_out) == len(threads)
    again = {t.thread_id for t in split_threads(list(reversed(threads)))[1]}
    assert again == {t.thread_id for t in held_out}

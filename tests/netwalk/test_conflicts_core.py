"""The pure escalation score: pile-ons are flagged, heated civil debate is not."""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from datetime import UTC, datetime, timedelta

import pytest

from netpolarna.netwalk.detection.conflict_state import (
    ConflictSettings,
    ConflictState,
    ScoredMessage,
    severity_rank,
)
from netpolarna.netwalk.detection.escalation import assess, replay, update
from netpolarna.netwalk.ingestion.gazetteer import DEMO_GAZETTEER, Gazetteer, parse_lines

SETTINGS = ConflictSettings()
T0 = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)


def msg(i: int, author: str, minute: float, label: str | None, **kw: object) -> ScoredMessage:
    hostility = 0.95 if label in {"hateful", "offensive"} else 0.02
    return ScoredMessage(
        id=i,
        author=author,
        created_at=T0 + timedelta(minutes=minute),
        label=label,
        hostility=float(kw.pop("hostility", hostility)),  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )


def pile_on_thread(authors: int = 7, minutes: float = 40) -> list[ScoredMessage]:
    messages = [msg(1, "victim", 0, "neutral")]
    step = minutes / max(1, authors - 1)
    for n in range(authors):
        messages.append(
            msg(n + 2, f"attacker{n}", 5 + n * step, "offensive", targets=("person:victim",))
        )
    return messages


def civil_debate_thread(authors: int = 20, rounds: int = 3) -> list[ScoredMessage]:
    messages = [msg(1, "op", 0, "neutral")]
    i = 1
    for r in range(rounds):
        for a in range(authors):
            i += 1
            # Rough words about the decision now and then, aimed at no one.
            label = "offensive" if (a + r) % 9 == 0 else "neutral"
            messages.append(msg(i, f"citizen{a}", r * 30 + a, label))
    return messages


def test_pile_on_is_high_and_explained_in_both_languages() -> None:
    result = assess(replay(pile_on_thread(), SETTINGS), SETTINGS)
    assert result.severity in {"high", "critical"}
    top = result.reasons[0]
    assert top.code == "pile_on"
    assert top.en == "7 different accounts are attacking the same person within 40 minutes"
    assert top.sv == "7 olika konton angriper samma person inom 40 minuter"
    assert top.text("da") == "7 forskellige konti angriber den samme person inden for 40 minutter"
    assert top.text("nb") == "7 forskjellige kontoer angriper den samme personen innen 40 minutter"
    assert set(result.evidence_ids) == set(range(2, 9))


def test_heated_civil_debate_is_not_flagged() -> None:
    state = replay(civil_debate_thread(), SETTINGS)
    result = assess(state, SETTINGS)
    assert state.hostile > 0  # it has rough language, and still:
    assert result.severity == "none", result
    assert result.score < SETTINGS.severity_low


def test_two_people_quarrelling_is_no_pile_on() -> None:
    messages = [
        msg(
            i, "a" if i % 2 else "b", i, "offensive", targets=("person:b" if i % 2 else "person:a",)
        )
        for i in range(1, 11)
    ]
    result = assess(replay(messages, SETTINGS), SETTINGS)
    assert result.components["pile_on"] == 0
    assert severity_rank(result.severity) <= severity_rank("medium")


def test_group_hate_storm_names_the_group() -> None:
    messages = [msg(i, f"u{i}", i * 3, "hateful", targets=("group:religion",)) for i in range(1, 7)]
    result = assess(replay(messages, SETTINGS), SETTINGS)
    assert result.severity in {"high", "critical"}
    assert "the same group (religion)" in result.reasons[0].en


def test_threat_makes_it_critical() -> None:
    messages = pile_on_thread()
    messages.append(msg(99, "attacker0", 41, "hateful", threat=0.93, targets=("person:victim",)))
    result = assess(replay(messages, SETTINGS), SETTINGS)
    assert result.severity == "critical"
    assert any(r.code == "threat" and "93%" in r.en for r in result.reasons)
    assert result.evidence_ids[0] == 99


def test_counter_speech_lowers_urgency_and_is_reported() -> None:
    plain = assess(replay(pile_on_thread(), SETTINGS), SETTINGS)
    messages = pile_on_thread() + [
        msg(50 + i, f"friend{i}", 46, "counter_speech") for i in range(5)
    ]
    helped = assess(replay(messages, SETTINGS), SETTINGS)
    assert helped.score < plain.score
    assert any(r.code == "counter_speech" for r in helped.reasons)


def test_local_relevance_raises_and_is_reported() -> None:
    plain = assess(replay(pile_on_thread(4), SETTINGS), SETTINGS)
    local = [
        replace(m, places=("Möckelngymnasiet",)) if m.id == 2 else m for m in pile_on_thread(4)
    ]
    boosted = assess(replay(local, SETTINGS), SETTINGS)
    assert boosted.score > plain.score
    assert any("Möckelngymnasiet" in r.sv for r in boosted.reasons if r.code == "local")


def test_hostile_burst_against_the_threads_own_baseline() -> None:
    # A calm thread for two days, then a hostile burst aimed at no one in particular.
    calm = [msg(i, f"c{i % 5}", i * 60, "neutral") for i in range(1, 49)]
    burst = [msg(100 + i, f"b{i}", 48 * 60 + i * 0.5, "offensive") for i in range(12)]
    state = replay(calm + burst, SETTINGS)
    assert state.burst_peak > 0
    calm_burst = [msg(100 + i, f"b{i}", 48 * 60 + i * 0.5, "neutral") for i in range(12)]
    assert replay(calm + calm_burst, SETTINGS).burst_peak == 0
    assert any(r.code == "burst" for r in assess(state, SETTINGS).reasons)


def test_unscored_messages_count_but_never_escalate() -> None:
    state = replay([msg(i, f"a{i}", i, None) for i in range(1, 30)], SETTINGS)
    assert (state.total, state.scored) == (29, 0)
    assert assess(state, SETTINGS).severity == "none"


def test_state_round_trips_through_json_and_stays_bounded() -> None:
    state = ConflictState()
    for i in range(1, 3000):
        update(
            state,
            msg(i, f"a{i}", i * 0.1, "offensive", targets=(f"person:p{i % 200}",)),
            SETTINGS,
        )
    assert len(state.targets) <= SETTINGS.max_targets
    assert all(len(a) <= SETTINGS.max_authors_per_target for a in state.targets.values())
    assert len(state.evidence) == SETTINGS.evidence_size
    again = ConflictState.from_dict(state.to_dict())
    assert assess(again, SETTINGS) == assess(state, SETTINGS)


def test_stored_state_is_a_full_copy_that_later_messages_do_not_change() -> None:
    thread = [*pile_on_thread(7), msg(90, "z", 90, "hateful", threat=0.9, places=("Karlskoga",))]
    state = replay(thread, SETTINGS)
    assert state.pileon_peak is not None and state.learned["counts"] and state.places
    stored = state.to_dict()
    assert stored == asdict(state)  # what the recursive copy gave, field for field
    snapshot = json.loads(json.dumps(stored))
    update(state, msg(91, "y", 91, "hateful", targets=("person:p1",), threat=0.8), SETTINGS)
    assert stored == snapshot  # the row's JSON is not the live state's containers


def test_settings_from_config() -> None:
    settings = ConflictSettings.from_config({"CONFLICT_PILEON_MIN_AUTHORS": "8"})
    assert settings.pileon_min_authors == 8
    result = assess(replay(pile_on_thread(7), settings), settings)
    assert result.components["pile_on"] == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vi ses vid Möckelngymnasiet i morgon", ("Möckelngymnasiet",)),
        ("karlskogas politiker och MOCKELN", ("Karlskoga", "Möckeln")),
        ("Karlskoga centrum är fullt", ("Karlskoga centrum",)),
        ("träffas vid Mo\u0308ckeln, sen KARLSKOGAS torg", ("Möckeln", "Karlskoga")),
        ("Boforsen is not a place", ()),
        (None, ()),
    ],
)
def test_demo_gazetteer_matches(text: str | None, expected: tuple[str, ...]) -> None:
    gazetteer = Gazetteer.from_config({"GAZETTEER_FILE": str(DEMO_GAZETTEER)})
    assert gazetteer.find(text) == expected


def test_gazetteer_from_a_config_list() -> None:
    gazetteer = Gazetteer.from_config({"GAZETTEER": ["school: Nordskolan | Norra skolan", "Åby"]})
    assert gazetteer.find("bråk på norra skolan och i aby") == ("Nordskolan", "Åby")
    assert gazetteer.kind_of("Nordskolan") == "school"
    assert parse_lines(["# only a comment", ""]) == []


def test_gazetteer_names_that_share_a_start_match_the_longest_that_fits() -> None:
    gazetteer = Gazetteer.from_config(
        {"GAZETTEER": ["Ekeby", "Ekebyskolan", "Ekeby gård", "S:t Olof"]}
    )
    assert gazetteer.find("ekebyskolans elever") == ("Ekebyskolan",)
    assert gazetteer.find("från ekebys gamla torg") == ("Ekeby",)
    assert gazetteer.find("på Ekeby gård, inte Ekebyborg") == ("Ekeby gård",)
    assert gazetteer.find("ekeby gårdar och s:t olofs kyrka") == ("Ekeby", "S:t Olof")

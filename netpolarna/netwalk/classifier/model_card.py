"""MODEL_CARD.md for a trained artefact: use, labels, limits, metrics and corpus credits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from netpolarna.netwalk.classifier.corpus import (
    DAVIDSON_SOURCE,
    DKHATE_SOURCE,
    GENERATED_SOURCE,
    LDNOOBW_SOURCE,
    PROJECT_SOURCE,
    STAFF_SOURCE,
    WRITTEN_SOURCE,
)
from netpolarna.netwalk.classifier.coverage import model_card_notice


class TrainedModel(Protocol):
    """What the card reads of a trained model (`train.TrainedModel`), named here so the card
    and the training need not import each other."""

    @property
    def metrics(self) -> Mapping[str, Any]: ...

    @property
    def sources(self) -> Sequence[str]: ...


# Attribution is a licence condition for CC BY data wherever the model is shipped.
CREDITS: dict[str, str] = {
    PROJECT_SOURCE: (
        "**Nätpolarna project corpus** (sv, da, nb, en): hand-written examples by the "
        "Nätpolarna project. Licence: CC BY 4.0."
    ),
    GENERATED_SOURCE: (
        "**Nätpolarna generated corpus** (sv, da, nb, en): examples expanded from the project's "
        "hand-written phrase banks (`scripts/corpus/`), weighed below the hand-written sources. "
        "Licence: CC BY 4.0."
    ),
    WRITTEN_SOURCE: (
        "**Nätpolarna hand-written corpus** (sv, da, nb, en): messages and threads written by "
        "hand by two writers working apart from the rest of the project's data "
        "(`data/written/README.md`). Licence: CC BY 4.0."
    ),
    DAVIDSON_SOURCE: (
        "**Davidson et al. 2017**, *Automated Hate Speech Detection and the Problem of Offensive "
        "Language* (ICWSM 2017); tweets labelled hate / offensive / neither "
        "(github.com/t-davidson/hate-speech-and-offensive-language). Licence: MIT."
    ),
    DKHATE_SOURCE: (
        "**DKhate / OffensEval 2020 Danish**: Sigurbergsson, G. I. and Derczynski, L. (2020), "
        "*Offensive Language and Hate Speech Detection for Danish*, LREC 2020; training split "
        "`offenseval-da-training-v1.tsv`. Licence: CC BY 4.0 (attribution required); used here to "
        "train this model, not redistributed."
    ),
    LDNOOBW_SOURCE: (
        '**LDNOOBW**, "List of Dirty, Naughty, Obscene and Otherwise Bad Words" (da, no, sv, en); '
        "used only as a weak profanity-lexicon feature, never as labels. Licence: CC0."
    ),
    STAFF_SOURCE: (
        "**Staff labels**: messages labelled by the municipality's net-walkers in triage; they "
        "stay with the deployment that labelled them."
    ),
}


def _metrics_rows(model: TrainedModel) -> list[str]:
    rows = ["| language | n | accuracy | macro-F1 |", "| --- | ---: | ---: | ---: |"]
    for lang, block in model.metrics.get("languages", {}).items():
        rows.append(
            f"| {lang} | {block['n']} | {block['accuracy']:.3f} | {block['macro_f1']:.3f} |"
        )
    rows += [
        "",
        "| source | n | macro-F1 | abusive-vs-not macro-F1 |",
        "| --- | ---: | ---: | ---: |",
    ]
    for source, block in model.metrics.get("sources", {}).items():
        rows.append(
            f"| {source} | {block['n']} | {block['macro_f1']:.3f} | "
            f"{block['abusive_macro_f1']:.3f} |"
        )
    return rows


def _target_rows(model: TrainedModel) -> list[str]:
    chosen = model.metrics.get("target_threshold")
    if not chosen or chosen.get("source") == "default":
        return []
    accuracy = ", ".join(f">= {k}: {v:.3f}" for k, v in chosen["exact_accuracy"].items())
    groups = " (only the best scoring group)" if chosen.get("max_groups") == 1 else ""
    return [
        "",
        f"Targets are named from a score of {chosen['threshold']}{groups}, the choice where the "
        f"named set most often equals the gold set on the {chosen['source']} (hateful and "
        f"offensive messages, n={chosen['n']}; exact-set accuracy {accuracy}).",
    ]


def _blind_rows(model: TrainedModel) -> list[str]:
    sets = model.metrics.get("blind")
    if not sets:
        return ["No blind sets were found when this version was trained (`blind/`)."]
    if "messages" in sets or "threads" in sets:  # metrics written before there were several
        sets = {"blind": sets}
    rows = [
        "Each set was written by its own writer, independently of the training corpus (see "
        "`blind/README.md`, `blind2/README.md`, ...). Set 1 (`blind/`) was read in aggregate "
        "while the model was developed, so it is a development set now; later sets were never "
        "seen. Compare with the held-out figures above: the gap is the honest one.",
    ]
    for name, blind in sets.items():
        rows += ["", f"### Blind set `{name}/`", "", *_blind_set_rows(blind)]
    return rows


def _blind_set_rows(blind: dict[str, Any]) -> list[str]:
    rows = [
        "| language | n | 4-label macro-F1 | counter-speech recall |",
        "| --- | ---: | ---: | ---: |",
    ]
    messages = blind.get("messages") or {}
    for lang, block in (messages.get("languages") or {}).items():
        cs = block["labels"].get("counter_speech", {}).get("recall")
        rows.append(
            f"| {lang} | {block['n']} | {block['macro_f1']:.3f} | "
            f"{'-' if cs is None else f'{cs:.3f}'} |"
        )
    threat = messages.get("threat")
    if threat:
        rows += [
            "",
            f"Threat at >= {threat['threshold']}: precision {threat['precision']:.3f}, recall "
            f"{threat['recall']:.3f}, false alarms {100 * threat['false_alarm_rate']:.1f}% "
            f"({threat['positives']} threats among {threat['n']} messages).",
        ]
    sweep = [t for t in messages.get("threat_sweep") or [] if t["threshold"] >= 0.5]
    if sweep:
        rows += ["", "| threat at >= | precision | recall | false alarms |",
                 "| ---: | ---: | ---: | ---: |"]  # fmt: skip
        for t in sweep:
            rows.append(
                f"| {t['threshold']:.1f} | {t['precision']:.3f} | {t['recall']:.3f} | "
                f"{100 * t['false_alarm_rate']:.1f}% |"
            )
    targets = messages.get("targets")
    if targets:
        rows += [
            "",
            f"Targets (exact set, hateful and offensive messages): {targets['exact_accuracy']:.3f} "
            f"(n={targets['n']}).",
        ]
        per_target = targets.get("per_target") or {}
        if per_target:
            rows += ["", "| target | precision | recall | n |", "| --- | ---: | ---: | ---: |"]
            for name, block in per_target.items():
                rows.append(
                    f"| {name} | {block['precision']:.3f} | {block['recall']:.3f} | "
                    f"{block['support']} |"
                )
    threads = blind.get("threads") or {}
    if threads.get("kinds"):
        rows += ["", "| thread kind | flagged | of |", "| --- | ---: | ---: |"]
        for kind, entry in threads["kinds"].items():
            rows.append(f"| {kind} | {entry['flagged']} | {entry['n']} |")
    return rows


def _thread_rows(model: TrainedModel) -> list[str]:
    threads = model.metrics.get("threads")
    if not threads:
        return ["No thread model in this version: the hand-set escalation score is used."]
    rows = [
        f"Logistic regression on conversation features, trained on {threads['n']} labelled "
        f"threads ({threads['positives']} pile-ons; sources: {', '.join(threads['sources'])}). "
        f"Decision threshold {threads['threshold']:.3f} (mapped to the flag score 0.3), chosen "
        f"so that cross-validated false alarms on the {threads.get('threshold_from', 'threads')} "
        "stay under 5%. Cross-validated on the training "
        f"threads: recall {threads['cv_recall']:.3f}, false alarms {threads['cv_false_alarms']:.3f}"
        " (optimistic: the same hands wrote them; see the blind figures).",
    ]
    held_out = threads.get("held_out") or {}
    if held_out.get("kinds"):
        flagged = ", ".join(
            f"{kind} {entry['flagged']} of {entry['n']}"
            for kind, entry in held_out["kinds"].items()
        )
        rows += ["", f"Held-out hand-written threads (not trained on), flagged: {flagged}."]
    reason = model.metrics.get("threat_reason")
    if reason:
        rows += [
            "",
            f"A message's threat score counts as a threat (a reason for a flag on its own) from "
            f"{reason['threshold']}: the lowest level where threats on the {reason['source']} "
            "reach precision 0.9 with at most 1% false alarms (`train.threat_reason_threshold`; "
            "template expansions are left out, and the blind sets report, they never choose).",
        ]
        if reason.get("sweep"):
            rows += [
                "",
                f"| threat at >= | precision | recall | false alarms "
                f"(held-out hand-written, {reason.get('positives', '?')} threats of "
                f"{reason.get('n', '?')}) |",
                "| ---: | ---: | ---: | ---: |",
            ]
            for row in reason["sweep"]:
                rows.append(
                    f"| {row['threshold']} | {row['precision']:.3f} | {row['recall']:.3f} | "
                    f"{100 * row['false_alarm_rate']:.1f}% |"
                )
    return rows


def render_model_card(version: str, model: TrainedModel) -> str:
    credits = [f"- {CREDITS[s]}" for s in model.sources if s in CREDITS]
    lines = [
        f"# Nätpolarna message classifier {version}",
        *model_card_notice(model.sources),
        "",
        "## Intended use",
        "Scores public social-media messages that the net-walker module collects so that three "
        "staff can triage escalating conflicts. It ranks and explains; a person decides. It must "
        "not be used to take automatic action against an individual, to profile authors, or "
        "outside the programme's languages (sv, da, nb, en) without new evaluation.",
        "",
        "## Outputs",
        "- `label`: `hateful` (attacks a group for who they are), `offensive` (insults, profanity, "
        "harassment of a person), `neutral` (including sharp critique of opinions and decisions), "
        "`counter_speech` (pushes back against hate, often quoting it); calibrated probabilities "
        "for all four (temperature scaling).",
        "- `threat`: calibrated probability that the message threatens someone.",
        "- `targets`: ethnicity, religion, lgbtq, gender, disability, appearance, individual.",
        "",
        "## Held-out metrics",
        "A deterministic 20% split per source and language (see `metrics.json`).",
        "",
        *_metrics_rows(model),
        *_target_rows(model),
        "",
        "## Blind-set metrics",
        *_blind_rows(model),
        "",
        "## Thread (pile-on) model",
        *_thread_rows(model),
        "",
        "## Limitations",
        "- Linear models on character and word n-grams: sarcasm, context from earlier messages, "
        "images and new slang are missed; the conflict detector adds thread context.",
        "- Public corpora differ from the programme's: English tweets from 2017 (US slang), Danish "
        "news and forum comments. DKhate and Davidson label only offence/hate, so threats and "
        "targets are learned from the project corpus and staff labels alone.",
        "- Reclaimed words in in-group use and quoted slurs in counter-speech are hard; expect "
        "errors and teach the model by labelling them.",
        "- Swedish and Norwegian have no public training corpus here: their scores rest on the "
        "project corpus and staff labels; monitor per-language metrics after each retraining.",
        "",
        "## Training data and credits",
        *credits,
        "",
    ]
    return "\n".join(lines)

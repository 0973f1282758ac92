"""Triage: the conflict detector's flags in one queue for the net-walkers, staff labels, models.

`init_app` sets the thresholds (each overridable in config or as NETPOLARNA_<NAME>) and plugs
the scoring hook into ingestion.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from netpolarna.common.api import ApiBlueprint
from netpolarna.common.i18n import register_texts
from netpolarna.common.settings import Setting, apply, settings
from netpolarna.netwalk.detection.conflict_state import ConflictSettings
from netpolarna.netwalk.detection.events import on_threads_assessed
from netpolarna.netwalk.detection.scoring import score_ingested
from netpolarna.netwalk.detection.thread_corpus import STAFF_THREADS_EXTENSION
from netpolarna.netwalk.ingestion.scorer import register_scorer
from netpolarna.netwalk.model_cli import STAFF_EXAMPLES_EXTENSION
from netpolarna.netwalk.triage.flagging import flag_assessed_threads, link_flags_for_report
from netpolarna.netwalk.triage.labels import staff_label_examples
from netpolarna.netwalk.triage.report_erasure import forget_erased_reports
from netpolarna.netwalk.triage.thread_labels import staff_thread_examples
from netpolarna.reports.listeners import on_report_created, on_reports_erased

flags_blp = ApiBlueprint(
    "flags", __name__, url_prefix="/api/v1/flags", description="The net-walkers' triage queue"
)
labels_blp = ApiBlueprint(
    "message_labels",
    __name__,
    url_prefix="/api/v1/messages",
    description="Staff labels on scanned messages",
)
queue_blp = ApiBlueprint(
    "queue",
    __name__,
    url_prefix="/api/v1/queue",
    description="Flags and youth reports in one list, in triage order",
)
models_blp = ApiBlueprint(
    "models", __name__, url_prefix="/api/v1/models", description="Classifier versions"
)

DEFAULTS: dict[str, Any] = {
    # Lowest assessed severity that raises a flag.
    "FLAG_MIN_SEVERITY": "low",
    # A closed flag comes back on a higher severity, or a score this much above its closing.
    "FLAG_REOPEN_MARGIN": 0.15,
    # Response-time targets by priority (1 = danger or critical ... 4 = low), in minutes.
    "FLAG_RESPONSE_TARGET_MINUTES": {1: 60, 2: 4 * 60, 3: 24 * 60, 4: 3 * 24 * 60},
    # "On duty": an active net-walker signed in within this many hours.
    "FLAG_ON_DUTY_HOURS": 12,
    # Youth reports closed longer ago than this are not matched to flags by link.
    "FLAG_REPORT_LINK_DAYS": 90,
    # Plug `score_ingested` into ingestion.
    "CONFLICT_SCORING_ENABLED": True,
    # Gazetteer: a list of lines (wins) or a file; default the demo list.
    "GAZETTEER": None,
    "GAZETTEER_FILE": None,
    **ConflictSettings.defaults_as_config(),
}

register_texts(
    {
        "problem.precondition_required": {
            "en": "Send If-Match with the version you read",
            "sv": "Skicka If-Match med versionen du läste",
            "da": "Send If-Match med den version, du læste",
            "nb": "Send If-Match med versjonen du leste",
        },
        "problem.flag_already_claimed": {
            "en": "Someone else has this flag",
            "sv": "Någon annan har den här flaggan",
            "da": "En anden har dette flag",
            "nb": "Noen andre har dette flagget",
        },
        "problem.nobody_on_duty": {
            "en": "No net-walker to assign to",
            "sv": "Ingen nätvandrare att tilldela",
            "da": "Ingen netvandrer at tildele",
            "nb": "Ingen nettvandrer å tildele",
        },
        "problem.model_not_found": {
            "en": "No such model version",
            "sv": "Modellversionen finns inte",
            "da": "Modelversionen findes ikke",
            "nb": "Modellversjonen finnes ikke",
        },
        "problem.no_previous_model": {
            "en": "There is no earlier model to roll back to",
            "sv": "Det finns ingen tidigare modell att gå tillbaka till",
            "da": "Der er ingen tidligere model at rulle tilbage til",
            "nb": "Det finnes ingen tidligere modell å rulle tilbake til",
        },
    }
)


SETTINGS = settings(
    DEFAULTS,
    # NETPOLARNA_GAZETTEER names the file (NETPOLARNA_GAZETTEER_FILE is read too).
    GAZETTEER_FILE=Setting(
        "GAZETTEER_FILE",
        None,
        variable="NETPOLARNA_GAZETTEER",
        also=("NETPOLARNA_GAZETTEER_FILE",),
    ),
)


def init_app(app: Flask) -> None:
    apply(app, SETTINGS)
    # Staff labels join the next `netpolarna model train`.
    app.extensions[STAFF_EXAMPLES_EXTENSION] = staff_label_examples
    # Staff verdicts on flags (false alarm, confirmed) join the pile-on model's next training.
    app.extensions[STAFF_THREADS_EXTENSION] = staff_thread_examples
    # A youth report about a thread we flagged is linked to that flag when it arrives.
    on_report_created(link_flags_for_report)
    # ... and forgets what it learnt from that report when the reporter erases their data.
    on_reports_erased(forget_erased_reports)
    # Detection announces each batch of assessed threads; their flags are raised here.
    on_threads_assessed(flag_assessed_threads)
    if app.config["CONFLICT_SCORING_ENABLED"]:
        register_scorer(app, score_ingested)


from netpolarna.netwalk.triage import routes  # noqa: E402,F401  (attaches the views)

blueprints = [flags_blp, labels_blp, models_blp, queue_blp]

"""With a learned thread model active, the detector counts threats from the model's own level:
the plain-word reasons, the thread's counters and the reviewer's view agree with the model."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import joblib
import numpy as np
from flask import Flask
from triage_support import tiny_model

from netpolarna.netwalk.classifier import registry
from netpolarna.netwalk.detection.conflict_state import ScoredMessage
from netpolarna.netwalk.detection.escalation import assess, replay
from netpolarna.netwalk.detection.scoring import active_classifier, detector_settings
from netpolarna.netwalk.detection.thread_features import FEATURE_NAMES
from netpolarna.netwalk.detection.thread_model import THREAD_MODEL_FILENAME, ThreadModel
from netpolarna.netwalk.triage import explain

T0 = datetime(2026, 3, 2, 20, 0, tzinfo=UTC)


def _threatening(threat: float) -> list[ScoredMessage]:
    return [
        ScoredMessage(
            id=i,
            author=f"a{i}",
            created_at=T0 + timedelta(minutes=i),
            label="hateful",
            hostility=0.9,
            targets=("individual",),
            threat=threat,
        )
        for i in range(3)
    ]


def _save_thread_model(app: Flask, version: str, threat_threshold: float) -> None:
    model = ThreadModel(
        coef=np.zeros(len(FEATURE_NAMES)),
        intercept=0.0,
        threshold=0.5,
        threat_threshold=threat_threshold,
    )
    joblib.dump(model, registry.models_dir(app.instance_path) / version / THREAD_MODEL_FILENAME)


def test_threats_count_from_the_thread_models_level(app: Flask) -> None:
    version = tiny_model(app.instance_path)
    configured = detector_settings(active_classifier())
    assert configured.threat_threshold == 0.5  # no thread model: the configured level
    assert explain.threat_threshold() == 0.5
    assert replay(_threatening(0.55), configured).threats == 3

    _save_thread_model(app, version, threat_threshold=0.6)
    settings = detector_settings(active_classifier())
    assert settings.threat_threshold == 0.6
    assert explain.threat_threshold() == 0.6  # the reviewer's blur and message parts

    below = replay(_threatening(0.55), settings)
    assert below.threats == 0
    assert "threat" not in {r.code for r in assess(below, settings).reasons}
    above = replay(_threatening(0.65), settings)
    assert above.threats == 3
    assert "threat" in {r.code for r in assess(above, settings).reasons}

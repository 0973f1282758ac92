"""Each message's part in its flag's reasons, read with the detector's own settings and labels.

The conflict detector explains a whole thread ("5 of 8 messages are hateful", "a threat");
a reviewer also needs to see which messages those are. This applies the detector's own tests
(its hostile labels and threat threshold) to one stored message; it decides nothing new.
"""

from __future__ import annotations

from collections.abc import Collection

from netpolarna.netwalk.detection.conflict_state import HOSTILE_LABELS
from netpolarna.netwalk.detection.scoring import active_classifier, detector_settings
from netpolarna.netwalk.models import Message


def threat_threshold() -> float:
    """The level from which the detector counts a threat (the learned model's, when active)."""
    return detector_settings(active_classifier()).threat_threshold


def is_hostile(message: Message) -> bool:
    return message.label in HOSTILE_LABELS


def is_threat(message: Message, threshold: float) -> bool:
    return message.threat is not None and message.threat >= threshold


def message_parts(message: Message, reason_codes: Collection[str], threshold: float) -> list[str]:
    """The reason codes of the flag that this message counts toward."""
    parts = []
    if is_hostile(message) and "hostile_share" in reason_codes:
        parts.append("hostile_share")
    if is_threat(message, threshold) and "threat" in reason_codes:
        parts.append("threat")
    aimed = (is_hostile(message) or is_threat(message, threshold)) and message.targets
    if aimed and "pile_on" in reason_codes:
        parts.append("pile_on")
    if message.label == "counter_speech" and "counter_speech" in reason_codes:
        parts.append("counter_speech")
    return parts


def should_blur(message: Message, threshold: float) -> bool:
    """Hateful or threatening text is hidden until the reviewer asks (reviewer wellbeing)."""
    return message.label == "hateful" or is_threat(message, threshold)

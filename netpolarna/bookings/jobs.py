"""Periodic jobs of bookings, run by the core scheduler (see netpolarna.common.jobs)."""

from __future__ import annotations

from netpolarna.bookings import lifecycle, mail
from netpolarna.common.jobs import PeriodicJob, register_periodic_job

register_periodic_job(
    PeriodicJob(
        id="bookings-delivered",
        func="netpolarna.bookings.jobs:mark_delivered",
        interval_minutes="BOOKINGS_DELIVERED_INTERVAL_MINUTES",
        description="Mark past confirmed bookings delivered and invite feedback",
    )
)
register_periodic_job(
    PeriodicJob(
        id="bookings-outbox",
        func="netpolarna.bookings.jobs:send_mail",
        interval_minutes="BOOKINGS_OUTBOX_INTERVAL_MINUTES",
        description="Send booking e-mails that are due, retrying failures",
    )
)


def mark_delivered() -> None:
    lifecycle.mark_delivered()


def send_mail() -> None:
    mail.deliver_job()

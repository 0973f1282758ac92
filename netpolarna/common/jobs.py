"""Periodic background jobs that domains declare and the scheduler runs.

A job names its function by import path ("package.module:function") because APScheduler
persists jobs in the database and must find the function again in another process. The
scheduler calls it inside an application context with no arguments.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PeriodicJob:
    id: str
    func: str  # "package.module:function"
    interval_minutes: int | str  # minutes, or the name of a config key that holds them
    description: str = ""


_registry: dict[str, PeriodicJob] = {}


def register_periodic_job(job: PeriodicJob) -> PeriodicJob:
    _registry[job.id] = job
    return job


def periodic_jobs() -> list[PeriodicJob]:
    return sorted(_registry.values(), key=lambda job: job.id)

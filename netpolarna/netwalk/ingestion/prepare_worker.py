"""A process beside the scanning one that prepares scan batches (`preparing.prepare_batch`).

Language detection and classification are pure-Python CPU work. In the scan's own process they
share the GIL with storing, so a read-ahead thread gains only the time the scan thread waits
(and delays the scan thread each time its database answers). In their own process they run on
another core. The scheduler process starts the worker (`start`) once, and every scan's
read-ahead sends it batches; it sends back the prepared batch, pseudonyms, languages and scores.

The worker is spawned, not forked: the scheduler runs threads whose locks a fork would copy
mid-use. It loads the language model and the classifier once, from the instance folder, and
never touches the database. If it dies, the batch is prepared in the scan's process instead and
a new worker is started, at most `MAX_RESTARTS` times in a process's life.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import resource
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import Any, TypeVar

from netpolarna.netwalk.classifier.language import detect_languages
from netpolarna.netwalk.connectors import FetchedMessage
from netpolarna.netwalk.ingestion.gazetteer import Gazetteer
from netpolarna.netwalk.ingestion.preparing import PreparedBatch, prepare_batch
from netpolarna.netwalk.ingestion.process_tuning import tune_cycle_collector
from netpolarna.netwalk.ingestion.pseudonyms import Pseudonymiser
from netpolarna.netwalk.ingestion.scorer import classify_with_active_model

log = logging.getLogger(__name__)
MAX_RESTARTS = 3
Answer = TypeVar("Answer")

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_started: Future[Any] | None = None
_instance_path: str | None = None
_restarts = 0


def start(instance_path: str) -> None:
    """Start the worker if it is not running; it loads the models while the caller goes on."""
    global _pool, _instance_path
    with _lock:
        if _pool is None:
            _instance_path = instance_path
            _pool = _new_pool(instance_path)


def wait_until_ready() -> bool:
    """Wait for the worker to have loaded its models; False if it failed or none runs."""
    started = _started
    if started is None:
        return False
    try:
        started.result()
    except BrokenProcessPool:
        return False
    return True


def stop() -> None:
    """Stop the worker (it finishes the batch it holds)."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True)


def prepare(
    messages: Sequence[FetchedMessage],
    *,
    pseudonym_key: str,
    kind: str,
    classify: bool,
    gazetteer: dict[str, Any],
) -> PreparedBatch | None:
    """The batch prepared by the worker (with `classify`, classified by the active model and
    searched for the places of the gazetteer these settings make: `Gazetteer.settings`).

    None when no worker runs or it died on this batch: the caller then prepares it itself."""
    pool = _pool
    if pool is None:
        return None
    model_at = _instance_path if classify else None
    job = (list(messages), pseudonym_key, kind, model_at, gazetteer)
    try:
        return pool.submit(_prepare, *job).result()
    except BrokenProcessPool:
        _replace(pool)
        return None


def running() -> bool:
    """Whether a worker was started (and not stopped) in this process."""
    return _pool is not None


def pid() -> int | None:
    """The worker's process id, or None when no worker runs."""
    return _ask(os.getpid)


def peak_rss_mb() -> float | None:
    """The worker's peak resident memory in MB, or None when no worker runs."""
    return _ask(_own_peak_rss_mb)


def _ask(question: Callable[[], Answer]) -> Answer | None:
    pool = _pool
    if pool is None:
        return None
    try:
        return pool.submit(question).result()
    except BrokenProcessPool:
        return None


def _new_pool(instance_path: str) -> ProcessPoolExecutor:
    global _started
    pool = ProcessPoolExecutor(
        max_workers=1,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_warm_up,
        initargs=(instance_path,),
    )
    _started = pool.submit(gc.collect)  # spawns the process now, not at the first batch
    return pool


def _replace(broken: ProcessPoolExecutor) -> None:
    global _pool, _restarts
    with _lock:
        if _pool is not broken:
            return  # another scan replaced it already
        broken.shutdown(wait=False)
        if _restarts >= MAX_RESTARTS or _instance_path is None:
            log.error("the batch preparation process died again; scans prepare batches themselves")
            _pool = None
            return
        _restarts += 1
        log.warning("the batch preparation process died; starting a new one")
        _pool = _new_pool(_instance_path)


# In the worker process.

_names: dict[tuple[str, str], Pseudonymiser] = {}
_gazetteers: dict[str, Gazetteer] = {}


def _warm_up(instance_path: str) -> None:
    detect_languages(["warm up"])
    classify_with_active_model(instance_path, ["warm up"], ["en"])
    tune_cycle_collector()


def _prepare(
    messages: list[FetchedMessage],
    pseudonym_key: str,
    kind: str,
    model_at: str | None,
    gazetteer: dict[str, Any],
) -> PreparedBatch:
    names = _names.get((pseudonym_key, kind))
    if names is None:  # one per source kind, so its digests are reused across batches
        names = _names[(pseudonym_key, kind)] = Pseudonymiser(pseudonym_key, kind)
    classify = partial(classify_with_active_model, model_at) if model_at else None
    return prepare_batch(messages, names, classify=classify, places=_gazetteer(gazetteer))


def _gazetteer(settings: dict[str, Any]) -> Gazetteer:
    key = repr(sorted(settings.items()))
    places = _gazetteers.get(key)
    if places is None:
        places = _gazetteers[key] = Gazetteer.from_config(settings)
    return places


def _own_peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes

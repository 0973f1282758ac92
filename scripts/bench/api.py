#!/usr/bin/env python3
"""Benchmark POST /api/v1/reports and GET /api/v1/tips against /healthz, served as in production.

One gunicorn (gthread, several workers) serves the app on 127.0.0.1; the same run measures the
trivial endpoint and the two real ones, so the ratios compare like with like on this machine.

    .venv/bin/python scripts/bench/api.py                      # temp SQLite file
    .venv/bin/python scripts/bench/api.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

With a PostgreSQL URL a scratch database is created next to the one named and dropped after.
The client is a bounded thread pool of httpx clients; each phase is bounded in time.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from dbsupport import create_postgres_database  # noqa: E402  (scratch databases, as the tests make them)

REPORT = {
    "category": "bullying",
    "platform": "instagram",
    "description": "Someone keeps commenting mean things on my posts.",
    "affected": "me",
    "target_groups": ["appearance"],
}


@dataclass
class PhaseResult:
    name: str
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    elapsed_s: float = 0.0

    @property
    def rps(self) -> float:
        return len(self.latencies_ms) / self.elapsed_s if self.elapsed_s else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def scratch_database(url: str | None, workdir: Path) -> Iterator[str]:
    """A fresh, empty database: a temp SQLite file, or a new PostgreSQL database."""
    if not url:
        yield f"sqlite:///{workdir / 'bench.sqlite3'}"
        return
    scratch = create_postgres_database(url, prefix="netpolarna_bench")
    try:
        yield scratch.url
    finally:
        scratch.cleanup()


def reachable_storage(uri: str) -> str:
    """The limiter storage to serve with: `uri` when its server answers, else memory://.

    Production keeps the counters in Redis (one count for all workers); the in-memory storage
    counts per worker and starts a timer thread per hit, so it is not what production runs.
    """
    if not uri.startswith("redis"):
        return uri
    import redis

    try:
        redis.Redis.from_url(uri, socket_connect_timeout=1).ping()
    except redis.RedisError:
        print(f"{uri} does not answer; counting rate limits in memory", file=sys.stderr)
        return "memory://"
    return uri


def prepare_database(env: dict[str, str]) -> None:
    """Tables (create_all stands in for `netpolarna db upgrade` here) and the demo tips."""
    os.environ.update(env)
    from netpolarna import create_app
    from netpolarna.db import db
    from netpolarna.tips.demo import load_demo_tips

    app = create_app()
    with app.app_context():
        db.create_all()
        load_demo_tips()
        db.engine.dispose()


@contextmanager
def gunicorn(
    env: dict[str, str], port: int, workers: int, threads: int, log: Path
) -> Iterator[str]:
    """gunicorn serving the app; waits up to three minutes for every worker (a busy machine)."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "wsgi:app",
    ]
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, **env}, stdout=sink, stderr=sink
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 180
            while True:
                if process.poll() is not None:
                    raise SystemExit(f"gunicorn exited: {log.read_text()[-2000:]}")
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                        break
                if time.monotonic() > deadline:
                    raise SystemExit(f"gunicorn did not answer: {log.read_text()[-2000:]}")
                time.sleep(0.5)
            # Every worker must have booted before anything is measured.
            time.sleep(2)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def register_devices(base: str, count: int) -> list[str]:
    tokens = []
    with httpx.Client(base_url=base, timeout=10) as http:
        for _ in range(count):
            response = http.post("/api/v1/auth/device", json={"locale": "sv"})
            response.raise_for_status()
            tokens.append(response.json()["access_token"])
    return tokens


Request = Callable[[httpx.Client, int], httpx.Response]


def run_phase(
    name: str,
    base: str,
    request: Request,
    *,
    concurrency: int,
    seconds: float,
    warmup: float,
    expected: int,
) -> PhaseResult:
    result = PhaseResult(name)
    lock = threading.Lock()

    def worker(index: int) -> None:
        with httpx.Client(base_url=base, timeout=10) as http:
            start = time.monotonic()
            measure_from, stop_at = start + warmup, start + warmup + seconds
            local: list[float] = []
            errors = 0
            while (now := time.monotonic()) < stop_at:
                began = time.perf_counter()
                try:
                    status = request(http, index).status_code
                except httpx.HTTPError:
                    status = 0
                took = (time.perf_counter() - began) * 1000
                if now >= measure_from:
                    if status == expected:
                        local.append(took)
                    else:
                        errors += 1
            with lock:
                result.latencies_ms.extend(local)
                result.errors += errors

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(worker, range(concurrency)))
    result.elapsed_s = seconds
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="", help="PostgreSQL URL; default: SQLite")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    parser.add_argument("--concurrency", type=int, default=16, help="client threads (max 64)")
    parser.add_argument("--seconds", type=float, default=8.0, help="measured time per endpoint")
    parser.add_argument("--warmup", type=float, default=1.5)
    parser.add_argument(
        "--rounds", type=int, default=4, help="alternate the phases this many times"
    )
    parser.add_argument(
        "--ratelimit-storage-uri",
        default="redis://127.0.0.1:6379/0",
        help="rate-limit counters, as in production (memory:// if Redis does not answer)",
    )
    parser.add_argument("--json", action="store_true", help="print results as JSON too")
    args = parser.parse_args()
    concurrency = max(1, min(args.concurrency, 64))
    seconds = max(1.0, min(args.seconds, 120.0))

    ratelimit_storage = reachable_storage(args.ratelimit_storage_uri)

    with tempfile.TemporaryDirectory(prefix="netpolarna-bench-") as tmp:
        workdir = Path(tmp)
        with scratch_database(args.database_url or None, workdir) as database_url:
            env = {
                "NETPOLARNA_ENV": "production",
                "NETPOLARNA_SECRET_KEY": secrets.token_urlsafe(48),
                "NETPOLARNA_JWT_SECRET_KEY": secrets.token_urlsafe(48),
                "NETPOLARNA_PSEUDONYM_KEY": secrets.token_urlsafe(48),
                "NETPOLARNA_INSTANCE_PATH": str(workdir / "instance"),
                "NETPOLARNA_UPLOAD_DIR": str(workdir / "uploads"),
                "NETPOLARNA_DATABASE_URL": database_url,
                "NETPOLARNA_RATELIMIT_STORAGE_URI": ratelimit_storage,
                # The benchmark measures throughput, not the abuse limits.
                "NETPOLARNA_RATELIMIT_DEFAULT": "100000000/minute",
                "NETPOLARNA_DEVICE_REGISTRATION_LIMIT": "100000000/minute",
                "NETPOLARNA_REPORTS_RATE_LIMIT": "100000000/minute",
            }
            prepare_database(env)
            port = _free_port()
            with gunicorn(env, port, args.workers, args.threads, workdir / "gunicorn.log") as base:
                tokens = register_devices(base, concurrency)

                def healthz(http: httpx.Client, _i: int) -> httpx.Response:
                    return http.get("/healthz")

                def tips(http: httpx.Client, _i: int) -> httpx.Response:
                    return http.get("/api/v1/tips", headers={"Accept-Language": "sv"})

                def report(http: httpx.Client, i: int) -> httpx.Response:
                    headers = {
                        "Authorization": f"Bearer {tokens[i]}",
                        "Idempotency-Key": uuid.uuid4().hex,
                        "Accept-Language": "sv",
                    }
                    return http.post("/api/v1/reports", json=REPORT, headers=headers)

                phases: list[tuple[str, Request, int]] = [
                    ("GET /healthz", healthz, 200),
                    ("GET /api/v1/tips", tips, 200),
                    ("POST /api/v1/reports", report, 201),
                ]
                # Phases take turns in short rounds, so a machine that slows down for a
                # while (shared CPU) weighs on every endpoint alike and the ratios hold.
                results = {name: PhaseResult(name) for name, _request, _expected in phases}
                rounds = max(1, args.rounds)
                for round_index in range(rounds):
                    for name, request, expected in phases:
                        part = run_phase(
                            name,
                            base,
                            request,
                            concurrency=concurrency,
                            seconds=seconds / rounds,
                            warmup=args.warmup if round_index == 0 else args.warmup / 3,
                            expected=expected,
                        )
                        results[name].latencies_ms.extend(part.latencies_ms)
                        results[name].errors += part.errors
                        results[name].elapsed_s += part.elapsed_s

    backend = "postgresql" if args.database_url else "sqlite"
    print(
        f"backend={backend} workers={args.workers} threads={args.threads} "
        f"clients={concurrency} seconds={seconds} rounds={args.rounds} "
        f"ratelimit={ratelimit_storage.split(':')[0]}"
    )
    print(f"{'endpoint':<24}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'errors':>8}{'ratio':>8}")
    baseline = results["GET /healthz"].rps or 1.0
    summary: dict[str, Any] = {"backend": backend, "endpoints": {}}
    for r in results.values():
        ratio = r.rps / baseline
        print(
            f"{r.name:<24}{r.rps:>10.0f}{r.percentile(0.5):>10.1f}{r.percentile(0.99):>10.1f}"
            f"{r.errors:>8}{ratio:>8.2f}"
        )
        summary["endpoints"][r.name] = {
            "rps": round(r.rps, 1),
            "p50_ms": round(r.percentile(0.5), 2),
            "p99_ms": round(r.percentile(0.99), 2),
            "errors": r.errors,
            "ratio_to_healthz": round(ratio, 3),
            "median_ms": round(statistics.median(r.latencies_ms), 2) if r.latencies_ms else None,
        }
    if args.json:
        print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()

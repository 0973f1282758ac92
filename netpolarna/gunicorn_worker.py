"""The gunicorn worker `netpolarna serve` runs: answers gunicorn itself gives are problem+json.

Gunicorn refuses some requests before the app sees them (a request line over
`limit_request_line`, malformed headers, headers too large) and writes an HTML page for them.
This worker writes an RFC 9457 problem document instead, with a fixed detail: the refused line
is never echoed back (it may hold anything, including what a young person typed).
"""

from __future__ import annotations

import json
from typing import Any

from gunicorn import util
from gunicorn.workers.gthread import ThreadWorker

_CODES = {
    400: "bad_request",
    403: "forbidden",
    431: "request_header_fields_too_large",
    500: "internal_error",
    501: "not_implemented",
}
_DETAIL = "The request line or headers could not be read: too long or malformed."


def write_problem(sock: Any, status_int: int, reason: str, mesg: str) -> None:
    code = _CODES.get(status_int, "bad_request")
    body = json.dumps(
        {
            "type": f"https://netpolarna.se/problems/{code.replace('_', '-')}",
            "title": reason,
            "status": status_int,
            "code": code,
            "detail": _DETAIL if status_int < 500 else "The server could not handle the request.",
        }
    ).encode()
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
        f"Content-Type: application/problem+json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    util.write_nonblock(sock, head.encode("latin1") + body)


class ProblemThreadWorker(ThreadWorker):
    """gunicorn's threaded worker, writing its own refusals as problem+json."""

    def init_process(self) -> None:
        # gunicorn's handle_error writes through util.write_error; this process's copy is ours.
        util.write_error = write_problem
        super().init_process()

"""A logging filter that keeps what young people wrote, and who they are, out of every log line.

Whatever fails, the text that failed must not reach the log: a database error's message quotes
the statement's parameters (a report's description with its reporter id, a chat body, a note),
a driver's message quotes the offending value ("Key (email)=(...)"), an exception raised while
reading user input may quote it, and a request line carries concrete ids and query strings.

`PrivacyFilter` is attached to every handler of the root logger (and gunicorn's own), so every
logger passes it: ours, sqlalchemy, werkzeug, gunicorn, apscheduler. For each record it

- replaces a logged exception by its traceback with each exception's *type* only (frames and
  types are what debugging needs; the messages are where values hide);
- renders exceptions passed as arguments by their type only;
- removes SQLAlchemy ``[parameters: ...]`` blocks, query strings, and ids and tokens in URL
  paths (``/api/v1/reports/12/messages`` -> ``/api/v1/reports/<id>/messages``).

The engines are also made with ``hide_parameters=True`` (see `config`), so SQLAlchemy never puts
parameters into its exceptions in the first place.
"""

from __future__ import annotations

import logging
import re
import traceback
from types import TracebackType

# "[parameters: (...)]" as SQLAlchemy appends it to a DBAPI error, up to its closing bracket
# at the end of a line; also its echo lines "[generated in 0.001s] (...)".
_SQL_PARAMETERS = re.compile(r"\[parameters: .*?\](?=\s*(\n|$|\(Background))", re.DOTALL)
_QUERY_STRING = re.compile(r"(?<=[\w/.\-~%])\?[^\s\"'<>]+")
# A path: at least two segments after a slash, e.g. /api/v1/reports/12 or /console/flags/3.
_PATH = re.compile(r"(?<![\w:/])(/[A-Za-z0-9._~%\-]+){2,}/?")
_VERSION = re.compile(r"^v\d+$")


def _scrub_segment(segment: str) -> str:
    if not segment or _VERSION.match(segment):
        return segment
    stem = segment.split(".", 1)[0]  # keep an extension such as ".ics"
    if any(ch.isdigit() for ch in stem) or len(stem) >= 20:
        return "<id>" + segment[len(stem) :]
    return segment


def scrub_paths(text: str) -> str:
    """Ids, tokens and query strings out of every URL path in ``text``."""
    text = _QUERY_STRING.sub("", text)
    return _PATH.sub(lambda m: "/".join(_scrub_segment(s) for s in m.group(0).split("/")), text)


def scrub_text(text: str) -> str:
    """A message with SQL parameters, query strings and ids in paths removed."""
    return scrub_paths(_SQL_PARAMETERS.sub("[parameters hidden]", text))


def _type_name(exc: BaseException) -> str:
    kind = type(exc)
    module = kind.__module__
    return kind.__qualname__ if module in ("builtins", "__main__") else f"{module}.{kind.__name__}"


def describe_exception(exc: BaseException) -> str:
    """A traceback with each exception's type and frames, never its message."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    chain: list[tuple[BaseException, str]] = []
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if current.__cause__ is not None:
            link, following = "direct cause", current.__cause__
        elif current.__context__ is not None and not current.__suppress_context__:
            link, following = "context", current.__context__
        else:
            link, following = "", None
        chain.append((current, link))
        current = following
    for position, (item, link) in enumerate(reversed(chain)):
        if position:  # how the exception printed before this one relates to it
            parts.append(
                "\nThe above exception was the direct cause of the following exception:\n\n"
                if link == "direct cause"
                else "\nDuring handling of the above exception, another exception occurred:\n\n"
            )
        tb: TracebackType | None = item.__traceback__
        if tb is not None:
            parts.append("Traceback (most recent call last):\n")
            parts.extend(traceback.format_tb(tb))
        parts.append(f"{_type_name(item)} (message withheld from the log)\n")
    return "".join(parts).rstrip("\n")


class PrivacyFilter(logging.Filter):
    """Rewrites each record so that no user text, parameter or id in a path reaches a handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_privacy_checked", False):
            return True  # already rewritten (a record can pass several handlers)
        args = record.args
        if isinstance(args, tuple):
            args = tuple(_type_name(a) if isinstance(a, BaseException) else a for a in args)
        try:
            message = str(record.msg) % args if args else str(record.msg)
        except (TypeError, ValueError, KeyError):
            message = str(record.msg)
        record.msg, record.args = scrub_text(message), None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = describe_exception(record.exc_info[1])
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = scrub_text(record.exc_text)
        record.stack_info = None  # stack frames are fine, but nothing needs them in our logs
        record._privacy_checked = True
        return True


PRIVACY_FILTER = PrivacyFilter()

# Loggers that do not propagate to the root and bring their own handlers.
OWN_HANDLER_LOGGERS = ("gunicorn.error", "gunicorn.access")


def install_privacy_filter(*loggers: logging.Logger) -> None:
    """Attach the filter to every handler of the root logger, the given loggers and gunicorn's."""
    targets = [logging.getLogger(), *loggers, *map(logging.getLogger, OWN_HANDLER_LOGGERS)]
    for logger in targets:
        for handler in logger.handlers:
            if PRIVACY_FILTER not in handler.filters:
                handler.addFilter(PRIVACY_FILTER)

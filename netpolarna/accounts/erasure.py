"""Erasure of a youth account: each domain registers what it must remove or de-link.

Handlers run inside the erasure transaction before the user row is deleted, so either all of
a young person's data goes, or none of it does.
"""

from __future__ import annotations

from collections.abc import Callable

ErasureHandler = Callable[[int], None]
_handlers: list[ErasureHandler] = []


def on_erase(handler: ErasureHandler) -> ErasureHandler:
    """Register `handler(user_id)`; usable as a decorator."""
    if handler not in _handlers:
        _handlers.append(handler)
    return handler


def run_erasure_handlers(user_id: int) -> None:
    for handler in list(_handlers):
        handler(user_id)

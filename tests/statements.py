"""A budget of SQL statements for a piece of work, where the number of queries is the point.

    with statement_budget(12) as spent:
        score_and_detect(ids)
    # fails if more than 12 statements ran; `spent.count` says how many did

Counts what reaches the driver (`before_cursor_execute`), whatever SQL it is: the test states
how many round trips the work may take, not which ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event

from netpolarna.db import db


@dataclass
class Spent:
    count: int = 0


@contextmanager
def counted_statements() -> Iterator[Spent]:
    spent = Spent()

    def count(*_args: Any) -> None:
        spent.count += 1

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield spent
    finally:
        event.remove(engine, "before_cursor_execute", count)


@contextmanager
def statement_budget(budget: int) -> Iterator[Spent]:
    with counted_statements() as spent:
        yield spent
    assert spent.count <= budget, f"{spent.count} statements, over the budget of {budget}"

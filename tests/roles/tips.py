"""Role-matrix rows for tips, helplines and theme weeks."""

from typing import Any

from netpolarna.tips import service

ANY = {"anonymous": 200, "youth": 200, "netwalker": 200, "school": 200, "admin": 200}
STAFF = {"anonymous": 401, "youth": 403, "netwalker": 200, "school": 403, "admin": 200}
TRANSLATION = {"lang": "en", "title": "T", "summary": "S", "body": "B"}


def prepare(ctx: dict[str, Any]) -> dict[str, Any]:
    tip = service.create_tip(
        None,
        slug=f"role-tip-{ctx['role']}",
        topic="privacy",
        translations=[TRANSLATION],
        status="published",
    )
    return {"tip_id": tip.id}


ROWS = [
    {"method": "GET", "path": "/api/v1/tips", "expect": ANY},
    {
        "method": "POST",
        "path": "/api/v1/tips",
        "body": lambda ctx, _v: {
            "slug": f"new-{ctx['role']}",
            "topic": "trolls",
            "translations": [TRANSLATION],
        },
        "expect": {**STAFF, "netwalker": 201, "admin": 201},
    },
    {"method": "GET", "path": "/api/v1/tips/{tip_id}", "expect": ANY},
    {
        "method": "PATCH",
        "path": "/api/v1/tips/{tip_id}",
        "body": {"topic": "trolls"},
        "expect": STAFF,
    },
    {
        "method": "DELETE",
        "path": "/api/v1/tips/{tip_id}",
        "expect": {**STAFF, "netwalker": 204, "admin": 204},
    },
    {"method": "GET", "path": "/api/v1/helplines", "expect": ANY},
    {"method": "GET", "path": "/api/v1/theme-weeks", "expect": ANY},
    {
        "method": "POST",
        "path": "/api/v1/theme-weeks",
        "body": {"title": "Week", "starts_on": "2030-01-07", "ends_on": "2030-01-11"},
        "expect": {**STAFF, "netwalker": 201, "admin": 201},
    },
]

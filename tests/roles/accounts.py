"""Role-matrix rows for health, auth, me and users."""

from typing import Any

from netpolarna.accounts import service

ANY = {"anonymous": 200, "youth": 200, "netwalker": 200, "school": 200, "admin": 200}
SIGNED_IN = {"anonymous": 401, "youth": 200, "netwalker": 200, "school": 200, "admin": 200}
ADMIN_ONLY = {"anonymous": 401, "youth": 403, "netwalker": 403, "school": 403, "admin": 200}


def prepare(ctx: dict[str, Any]) -> dict[str, Any]:
    other = service.create_user(
        email=f"target-{ctx['role']}@example.org", role="school", password="x" * 12
    )
    return {"user_id": other.id}


ROWS = [
    {"method": "GET", "path": "/healthz", "expect": ANY},
    {"method": "GET", "path": "/readyz", "expect": ANY},
    {
        "method": "POST",
        "path": "/api/v1/auth/device",
        "body": {},
        "expect": {**ANY, **{r: 201 for r in ANY}},
    },
    {
        "method": "POST",
        "path": "/api/v1/auth/login",
        "body": {"email": "nobody@example.org", "password": "wrong-password"},
        "expect": {r: 401 for r in ANY},
    },
    {
        "method": "POST",
        "path": "/api/v1/auth/refresh",
        "body": lambda ctx, _v: {
            "refresh_token": ctx["actor"].refresh_token if ctx["actor"] else "not-a-token"
        },
        "expect": {**ANY, "anonymous": 401},
    },
    {
        "method": "POST",
        "path": "/api/v1/auth/logout",
        "expect": {**SIGNED_IN, **{r: 204 for r in ("youth", "netwalker", "school", "admin")}},
    },
    {"method": "GET", "path": "/api/v1/me", "expect": SIGNED_IN},
    {
        "method": "DELETE",
        "path": "/api/v1/me",
        "expect": {"anonymous": 401, "youth": 204, "netwalker": 403, "school": 403, "admin": 403},
    },
    {"method": "GET", "path": "/api/v1/users", "expect": ADMIN_ONLY},
    {
        "method": "POST",
        "path": "/api/v1/users",
        "body": lambda ctx, _v: {
            "email": f"new-{ctx['role']}@example.org",
            "role": "school",
            "password": "a-long-password",
        },
        "expect": {**ADMIN_ONLY, "admin": 201},
    },
    {"method": "GET", "path": "/api/v1/users/{user_id}", "expect": ADMIN_ONLY},
    {
        "method": "PATCH",
        "path": "/api/v1/users/{user_id}",
        "body": {"display_name": "X"},
        "expect": ADMIN_ONLY,
    },
]

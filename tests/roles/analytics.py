"""Role-matrix rows for the digital city map."""

from typing import Any

STAFF = {"anonymous": 401, "youth": 403, "netwalker": 200, "school": 403, "admin": 200}
ADMIN = {"anonymous": 401, "youth": 403, "netwalker": 403, "school": 403, "admin": 200}
BASE = "/api/v1/analytics"


def prepare(_ctx: dict[str, Any]) -> dict[str, Any]:
    return {"month": "2026-03"}


ROWS = [
    {"method": "GET", "path": f"{BASE}/messages", "expect": STAFF},
    {"method": "GET", "path": f"{BASE}/flags", "expect": STAFF},
    {"method": "GET", "path": f"{BASE}/reports", "expect": STAFF},
    {"method": "GET", "path": f"{BASE}/response-times", "expect": STAFF},
    {"method": "GET", "path": f"{BASE}/netwalk-logs", "expect": STAFF},
    {"method": "GET", "path": f"{BASE}/deliveries", "expect": STAFF},
    {"method": "GET", "path": BASE + "/months/{month}", "expect": STAFF},
    {"method": "GET", "path": BASE + "/months/{month}/report.pdf", "expect": ADMIN},
    {"method": "GET", "path": BASE + "/months/{month}/report.html", "expect": ADMIN},
    {"method": "GET", "path": BASE + "/months/{month}/open-data.zip", "expect": STAFF},
]

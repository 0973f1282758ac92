"""Role-matrix rows for the merged work queue and the audit log (the console's API twins)."""

from __future__ import annotations

STAFF = {"anonymous": 401, "youth": 403, "netwalker": 200, "school": 403, "admin": 200}
ADMIN_ONLY = {"anonymous": 401, "youth": 403, "netwalker": 403, "school": 403, "admin": 200}

ROWS = [
    {"method": "GET", "path": "/api/v1/queue", "expect": STAFF},
    {"method": "GET", "path": "/api/v1/queue?mine=true&breached=false", "expect": STAFF},
    {"method": "GET", "path": "/api/v1/audit", "expect": ADMIN_ONLY},
    {
        "method": "GET",
        "path": "/api/v1/audit?action=report.&subject_type=report",
        "expect": ADMIN_ONLY,
    },
]

"""The console's pages, one module per area; importing them attaches them to the blueprint."""

from netpolarna.console import web  # noqa: F401  (session, CSRF, headers, errors)
from netpolarna.console.views import admin, auth, flags, queue, reports, sources  # noqa: F401

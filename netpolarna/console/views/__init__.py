"""The console's pages, one module per area; importing them attaches them to the blueprint."""

from netpolarna.console import web  # noqa: F401  (session, CSRF, headers, errors)
from netpolarna.console.views import (  # noqa: F401
    admin,
    auth,
    bookings,
    flags,
    overview,
    queue,
    reports,
    sources,
)

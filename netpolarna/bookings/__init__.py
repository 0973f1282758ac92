"""Theme weeks and (later) bookings of workshops and lectures by schools."""

from netpolarna.common.api import ApiBlueprint

theme_weeks_blp = ApiBlueprint(
    "theme_weeks",
    __name__,
    url_prefix="/api/v1/theme-weeks",
    description="Theme weeks young people and schools can look forward to",
)

from netpolarna.bookings import demo, routes  # noqa: E402,F401  (views, demo loader)

blueprints = [theme_weeks_blp]

"""Tips (multilingual articles for offline reading) and helplines."""

from netpolarna.common.api import ApiBlueprint

tips_blp = ApiBlueprint(
    "tips", __name__, url_prefix="/api/v1/tips", description="Tips for young people"
)
helplines_blp = ApiBlueprint(
    "helplines", __name__, url_prefix="/api/v1/helplines", description="Helplines per country"
)

from netpolarna.tips import demo, routes  # noqa: E402,F401  (views, demo loader)

blueprints = [tips_blp, helplines_blp]

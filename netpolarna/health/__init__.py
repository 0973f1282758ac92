"""Liveness and readiness probes."""

from netpolarna.common.api import ApiBlueprint

blp = ApiBlueprint("health", __name__, description="Probes")

from netpolarna.health import routes  # noqa: E402,F401

blueprints = [blp]

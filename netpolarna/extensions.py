"""Unbound instances of third-party extensions that need nothing of ours; `create_app` binds them.

An instance built on one of our own classes sits beside that class, so this module imports no
project code: `db` in `netpolarna.db`, `jwt` in `netpolarna.jwt_manager`, `api` in
`netpolarna.common.api`, `limiter` in `netpolarna.common.ratelimit`.
"""

from flask_migrate import Migrate

migrate = Migrate()

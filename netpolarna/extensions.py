"""Unbound extension instances; `create_app` binds them."""

from flask_limiter import Limiter
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy

from netpolarna.common.api import ProblemApi
from netpolarna.common.ratelimit import rate_limit_key
from netpolarna.db import Base
from netpolarna.jwt_manager import VerifyingOnceJWTManager

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
jwt = VerifyingOnceJWTManager()
api = ProblemApi()
limiter = Limiter(key_func=rate_limit_key)

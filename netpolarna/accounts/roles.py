"""The roles, as `accounts` names them (defined in the core: `netpolarna.roles`)."""

from netpolarna.roles import ALL_ROLES, LOGIN_ROLES, STAFF, Role

__all__ = ["ALL_ROLES", "LOGIN_ROLES", "STAFF", "Role"]

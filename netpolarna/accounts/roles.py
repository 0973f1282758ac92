"""The four roles and the groups the API checks against."""

from enum import StrEnum


class Role(StrEnum):
    YOUTH = "youth"
    NETWALKER = "netwalker"
    SCHOOL = "school"
    ADMIN = "admin"


STAFF = (Role.NETWALKER, Role.ADMIN)
LOGIN_ROLES = (Role.NETWALKER, Role.SCHOOL, Role.ADMIN)
ALL_ROLES = tuple(Role)

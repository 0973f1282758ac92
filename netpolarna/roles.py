"""The four roles and the groups the API checks against: below every domain, as the role guard
(`security`) and every domain's routes name them; `accounts` owns the accounts that hold them."""

from enum import StrEnum


class Role(StrEnum):
    YOUTH = "youth"
    NETWALKER = "netwalker"
    SCHOOL = "school"
    ADMIN = "admin"


STAFF = (Role.NETWALKER, Role.ADMIN)
LOGIN_ROLES = (Role.NETWALKER, Role.SCHOOL, Role.ADMIN)
ALL_ROLES = tuple(Role)

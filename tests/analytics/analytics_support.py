"""Shared values of the analytics tests."""

from datetime import date

END = date(2026, 11, 20)  # the demo year ends here
MONTH = "2026-10"  # a full month of it

"""Schemas of the analytics answers and their query parameters."""

from __future__ import annotations

import re
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from netpolarna.analytics.periods import GRAINS
from netpolarna.db import utcnow

MESSAGE_DIMENSIONS = ("all", "platform", "source", "language", "target", "place")
FLAG_DIMENSIONS = ("all", "severity", "reason")
REPORT_DIMENSIONS = ("all", "category", "danger", "outcome")
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class _RangeQuery(Schema):
    period = fields.String(
        load_default="month", validate=validate.OneOf(GRAINS), metadata={"description": "grain"}
    )
    from_ = fields.Date(
        load_default=lambda: utcnow().date().replace(day=1),
        data_key="from",
        metadata={"description": "first day (default: the first of this month)"},
    )
    to = fields.Date(
        load_default=lambda: utcnow().date(), metadata={"description": "last day (default today)"}
    )
    value = fields.List(
        fields.String(validate=validate.Length(max=120)),
        load_default=None,
        metadata={"description": "only these values of the dimension (repeatable)"},
    )

    @validates_schema
    def _order(self, data: dict[str, Any], **_: Any) -> None:
        if data["to"] < data["from_"]:
            raise ValidationError("`to` is before `from`.", "to")


class MessageQuerySchema(_RangeQuery):
    by = fields.String(load_default="all", validate=validate.OneOf(MESSAGE_DIMENSIONS))


class FlagQuerySchema(_RangeQuery):
    by = fields.String(load_default="all", validate=validate.OneOf(FLAG_DIMENSIONS))


class ReportQuerySchema(_RangeQuery):
    by = fields.String(load_default="all", validate=validate.OneOf(REPORT_DIMENSIONS))


class ResponseTimeQuerySchema(_RangeQuery):
    by = fields.String(load_default="all", validate=validate.OneOf(("all", "severity")))


class ActivityQuerySchema(_RangeQuery):
    pass


class LanguageQuerySchema(Schema):
    lang = fields.String(load_default="sv", validate=validate.OneOf(("sv", "en")))


class PeriodSchema(Schema):
    grain = fields.String()
    from_ = fields.Date(data_key="from", attribute="from")
    to = fields.Date()


class FiltersSchema(Schema):
    values = fields.List(fields.String(), allow_none=True)


class SuppressedCellSchema(Schema):
    period = fields.String()
    value = fields.String(allow_none=True)
    metric = fields.String()


class RowSchema(Schema):
    period = fields.String()
    start = fields.Date()
    end = fields.Date()
    value = fields.String(allow_none=True)
    name = fields.String(allow_none=True)
    counts = fields.Dict(keys=fields.String(), values=fields.Integer(allow_none=True))
    shares = fields.Dict(keys=fields.String(), values=fields.Float(allow_none=True))


class TableSchema(Schema):
    figures = fields.String()
    period = fields.Nested(PeriodSchema)
    dimension = fields.String()
    filters = fields.Nested(FiltersSchema)
    k = fields.Integer()
    rows = fields.List(fields.Nested(RowSchema))
    suppressed = fields.List(fields.Nested(SuppressedCellSchema))


class ResponseTimeRowSchema(Schema):
    period = fields.String()
    start = fields.Date()
    end = fields.Date()
    value = fields.String(allow_none=True)
    first_action_count = fields.Integer(allow_none=True)
    first_action_median_minutes = fields.Float(allow_none=True)
    first_action_p90_minutes = fields.Float(allow_none=True)
    close_count = fields.Integer(allow_none=True)
    close_median_minutes = fields.Float(allow_none=True)
    close_p90_minutes = fields.Float(allow_none=True)
    responded_in_target = fields.Integer(allow_none=True)


class ResponseTimesSchema(Schema):
    figures = fields.String()
    period = fields.Nested(PeriodSchema)
    dimension = fields.String()
    filters = fields.Nested(FiltersSchema)
    k = fields.Integer()
    bucket_minutes = fields.List(fields.Float())
    rows = fields.List(fields.Nested(ResponseTimeRowSchema))


class ActivityRowSchema(Schema):
    period = fields.String()
    start = fields.Date()
    end = fields.Date()
    sessions = fields.Integer()
    hours = fields.Float()
    theme_weeks = fields.Integer()
    workshops = fields.Integer()
    lectures = fields.Integer()
    parents_evenings = fields.Integer()
    booked = fields.Integer(metadata={"description": "Of the deliveries, those schools booked"})
    pupils = fields.Integer(allow_none=True)
    ratings = fields.Integer(metadata={"description": "Deliveries schools rated"})
    feedback_score = fields.Float(allow_none=True)
    suppressed = fields.List(fields.String())


class ActivitySchema(Schema):
    figures = fields.String()
    period = fields.Nested(PeriodSchema)
    filters = fields.Nested(FiltersSchema)
    rows = fields.List(fields.Nested(ActivityRowSchema))


class MonthViewSchema(Schema):
    """The monthly report's figures; each list holds rows as in the table answers."""

    month = fields.String()
    start = fields.Date()
    end = fields.Date()
    k = fields.Integer()
    trend = fields.List(fields.Nested(RowSchema))
    by_platform = fields.List(fields.Nested(RowSchema))
    by_language = fields.List(fields.Nested(RowSchema))
    by_target = fields.List(fields.Nested(RowSchema))
    by_place = fields.List(fields.Nested(RowSchema))
    flags_trend = fields.List(fields.Nested(RowSchema))
    flags_by_severity = fields.List(fields.Nested(RowSchema))
    flags_by_reason = fields.List(fields.Nested(RowSchema))
    response_times = fields.List(fields.Nested(ResponseTimeRowSchema))
    response_targets_minutes = fields.Dict(keys=fields.String(), values=fields.Integer())
    reports_trend = fields.List(fields.Nested(RowSchema))
    reports_by_category = fields.List(fields.Nested(RowSchema))
    reports_by_danger = fields.List(fields.Nested(RowSchema))
    reports_by_outcome = fields.List(fields.Nested(RowSchema))
    netwalk_logs = fields.List(fields.Nested(ActivityRowSchema))
    deliveries = fields.List(fields.Nested(ActivityRowSchema))

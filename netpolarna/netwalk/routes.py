"""Thin views for sources, scans, threads and net-walk logs (staff only)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_jwt_extended import current_user

from netpolarna.accounts.roles import STAFF
from netpolarna.common.api import ApiBlueprint
from netpolarna.common.schemas import CursorQuerySchema
from netpolarna.netwalk import logs, sources, threads
from netpolarna.netwalk.schemas import (
    NetwalkLogCreateSchema,
    NetwalkLogPageSchema,
    NetwalkLogQuerySchema,
    NetwalkLogSchema,
    NetwalkLogUpdateSchema,
    ScanQuerySchema,
    ScanRunPageSchema,
    ScanRunSchema,
    SourceCreateSchema,
    SourcePageSchema,
    SourceQuerySchema,
    SourceSchema,
    SourceUpdateSchema,
    ThreadDetailSchema,
    ThreadPageSchema,
    ThreadQuerySchema,
    ThreadSchema,
)

sources_blp = ApiBlueprint(
    "sources",
    "netpolarna.netwalk",
    url_prefix="/api/v1/sources",
    description="Scanned public sources",
)
scans_blp = ApiBlueprint(
    "scans", "netpolarna.netwalk", url_prefix="/api/v1/scans", description="Scan runs"
)
threads_blp = ApiBlueprint(
    "threads",
    "netpolarna.netwalk",
    url_prefix="/api/v1/threads",
    description="Scanned threads and messages",
)
netwalk_logs_blp = ApiBlueprint(
    "netwalk_logs",
    "netpolarna.netwalk",
    url_prefix="/api/v1/netwalk-logs",
    description="Manual net-walk sessions",
)


def _page(page: Any) -> dict[str, Any]:
    return {"items": page.items, "next_cursor": page.next_cursor}


@sources_blp.route("")
class Sources(MethodView):
    @sources_blp.roles(*STAFF)
    @sources_blp.arguments(SourceQuerySchema, location="query")
    @sources_blp.response(200, SourcePageSchema)
    def get(self, query: dict[str, Any]) -> Any:
        """Sources, oldest first."""
        return _page(
            sources.list_sources(
                kind=query.get("kind"),
                enabled=query.get("enabled"),
                cursor=query["cursor"],
                limit=query["limit"],
            )
        )

    @sources_blp.roles(*STAFF)
    @sources_blp.arguments(SourceCreateSchema)
    @sources_blp.response(201, SourceSchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Add a source; its config is checked by the schema of its kind (422 per field)."""
        return sources.create_source(actor=current_user, **data)


@sources_blp.route("/<int:source_id>")
class SourceById(MethodView):
    @sources_blp.roles(*STAFF)
    @sources_blp.response(200, SourceSchema)
    @sources_blp.errors(404)
    def get(self, source_id: int) -> Any:
        """One source with its last status and error."""
        return sources.get_source(source_id)

    @sources_blp.roles(*STAFF)
    @sources_blp.arguments(SourceUpdateSchema)
    @sources_blp.response(200, SourceSchema)
    @sources_blp.errors(404)
    def patch(self, data: dict[str, Any], source_id: int) -> Any:
        """Change a source; the scheduler picks up new intervals within seconds."""
        return sources.update_source(source_id, actor=current_user, **data)

    @sources_blp.roles(*STAFF)
    @sources_blp.response(204)
    @sources_blp.errors(404)
    def delete(self, source_id: int) -> None:
        """Delete a source with its threads, messages and scan runs."""
        sources.delete_source(source_id, actor=current_user)


@sources_blp.route("/<int:source_id>/scan", methods=["POST"])
@sources_blp.roles(*STAFF)
@sources_blp.response(202, ScanRunSchema)
@sources_blp.errors(404)
def request_scan(source_id: int) -> Any:
    """Scan now: queues a run that the scheduler starts within seconds (never in the request)."""
    return sources.request_scan(source_id, actor=current_user)


@scans_blp.route("")
@scans_blp.roles(*STAFF)
@scans_blp.arguments(ScanQuerySchema, location="query")
@scans_blp.response(200, ScanRunPageSchema)
def list_scans(query: dict[str, Any]) -> Any:
    """Scan runs, newest first, with their counts, duration and error."""
    return _page(
        sources.list_scans(
            source_id=query.get("source_id"),
            status=query.get("status"),
            cursor=query["cursor"],
            limit=query["limit"],
        )
    )


@scans_blp.route("/<int:run_id>")
@scans_blp.roles(*STAFF)
@scans_blp.response(200, ScanRunSchema)
@scans_blp.errors(404)
def get_scan(run_id: int) -> Any:
    """One scan run."""
    return sources.get_scan(run_id)


@threads_blp.route("")
@threads_blp.roles(*STAFF)
@threads_blp.arguments(ThreadQuerySchema, location="query")
@threads_blp.response(200, ThreadPageSchema)
def list_threads(query: dict[str, Any]) -> Any:
    """Threads, most recently active first."""
    return _page(
        threads.list_threads(
            source_id=query.get("source_id"), cursor=query["cursor"], limit=query["limit"]
        )
    )


@threads_blp.route("/<int:thread_id>")
@threads_blp.roles(*STAFF)
@threads_blp.arguments(CursorQuerySchema, location="query")
@threads_blp.response(200, ThreadDetailSchema)
@threads_blp.errors(404)
def get_thread(query: dict[str, Any], thread_id: int) -> Any:
    """A thread with one page of its messages in reply order (each reply under its parent)."""
    thread = threads.get_thread(thread_id)
    page = threads.thread_messages(thread_id, cursor=query["cursor"], limit=query["limit"])
    body = {name: getattr(thread, name) for name in ThreadSchema().fields}
    return {**body, "messages": page.items, "next_cursor": page.next_cursor}


@netwalk_logs_blp.route("")
class NetwalkLogs(MethodView):
    @netwalk_logs_blp.roles(*STAFF)
    @netwalk_logs_blp.arguments(NetwalkLogQuerySchema, location="query")
    @netwalk_logs_blp.response(200, NetwalkLogPageSchema)
    def get(self, query: dict[str, Any]) -> Any:
        """Manual net-walk sessions, newest first."""
        return _page(
            logs.list_logs(
                author_id=query.get("author_id"), cursor=query["cursor"], limit=query["limit"]
            )
        )

    @netwalk_logs_blp.roles(*STAFF)
    @netwalk_logs_blp.arguments(NetwalkLogCreateSchema)
    @netwalk_logs_blp.response(201, NetwalkLogSchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Record a manual net-walk session."""
        return logs.create_log(actor=current_user, **data)


@netwalk_logs_blp.route("/<int:log_id>")
class NetwalkLogById(MethodView):
    @netwalk_logs_blp.roles(*STAFF)
    @netwalk_logs_blp.response(200, NetwalkLogSchema)
    @netwalk_logs_blp.errors(404)
    def get(self, log_id: int) -> Any:
        """One net-walk session."""
        return logs.get_log(log_id)

    @netwalk_logs_blp.roles(*STAFF)
    @netwalk_logs_blp.arguments(NetwalkLogUpdateSchema)
    @netwalk_logs_blp.response(200, NetwalkLogSchema)
    @netwalk_logs_blp.errors(404)
    def patch(self, data: dict[str, Any], log_id: int) -> Any:
        """Change a session (its author or an admin)."""
        return logs.update_log(log_id, actor=current_user, **data)

    @netwalk_logs_blp.roles(*STAFF)
    @netwalk_logs_blp.response(204)
    @netwalk_logs_blp.errors(404)
    def delete(self, log_id: int) -> None:
        """Delete a session (its author or an admin)."""
        logs.delete_log(log_id, actor=current_user)

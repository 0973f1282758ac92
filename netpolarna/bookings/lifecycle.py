"""Booking requests from schools and what staff do with them: confirm, decline, reschedule,
cancel; each step in the history, told by e-mail, and never two bookings on one person's time."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from netpolarna.accounts.models import User
from netpolarna.accounts.roles import Role
from netpolarna.bookings import availability_cache, calendars, mail, slots
from netpolarna.bookings.availability import free_slots, suggestions
from netpolarna.bookings.conflicts import (
    Diary,
    Request,
    SlotConflict,
    Verdict,
    check_slot,
    load_staff,
)
from netpolarna.bookings.details import BookingDetails, details, parts
from netpolarna.bookings.errors import BookingConflict
from netpolarna.bookings.locking import is_double_booking, lock_staff, staff_write_lock
from netpolarna.bookings.models import (
    Booking,
    BookingEvent,
    Feedback,
    Offering,
    School,
    StaffAssignment,
)
from netpolarna.bookings.offerings import localised, visible
from netpolarna.bookings.schools import contact_emails, is_staff, school_id_of
from netpolarna.common.i18n import translate
from netpolarna.db import commit, db, utcnow
from netpolarna.errors import Conflict, Forbidden, NotFound, ValidationFailed


def _get(actor: User, booking_id: int, *, lock: bool = False) -> Booking:
    query = select(Booking).where(Booking.id == booking_id)
    if lock:
        query = query.with_for_update()
    booking = db.session.scalar(query)
    if booking is None or not (is_staff(actor) or school_id_of(actor) == booking.school_id):
        raise NotFound(code="booking_not_found", detail="No such booking.")
    return booking


def _request(booking: Booking) -> Request:
    offering, school = parts(booking)
    return Request(offering, school, booking.grade, booking.participants, booking.id)


def _history(booking: Booking, actor: User | None, action: str, **detail: Any) -> None:
    db.session.add(
        BookingEvent(
            booking_id=booking.id,
            actor_id=actor.id if actor else None,
            action=action,
            detail=detail,
        )
    )


def _judge(request: Request, start: datetime, staff_ids: list[int] | None) -> Verdict:
    days = request.offering.days + 3
    diary = Diary.load(start - timedelta(days=1), start + timedelta(days=days))
    return check_slot(diary, request, start, utcnow(), staff_ids)


def list_bookings(
    actor: User, *, status: str | None = None, school_id: int | None = None, limit: int = 200
) -> list[Booking]:
    query = select(Booking).order_by(Booking.created_at.desc(), Booking.id.desc()).limit(limit)
    if not is_staff(actor):
        school_id = school_id_of(actor) or -1
    if school_id is not None:
        query = query.where(Booking.school_id == school_id)
    if status:
        query = query.where(Booking.status == status)
    return list(db.session.scalars(query))


def get_booking(actor: User, booking_id: int) -> Booking:
    return _get(actor, booking_id)


# ---------------------------------------------------------------- the request


def create_booking(
    actor: User,
    *,
    offering_id: int,
    school_id: int,
    preferred_slots: list[datetime],
    grade: int,
    participants: int,
    notes: str = "",
    show_publicly: bool = False,
) -> BookingDetails:
    """A school asks for an offering. Each preferred slot is checked; when none can be taken,
    409 lists every reason for each, with free slots nearby to choose from instead."""
    offering = db.session.get(Offering, offering_id)
    if offering is None or not (offering.published or is_staff(actor)):
        raise ValidationFailed(
            code="unknown_offering", errors={"offering_id": ["No such offering."]}
        )
    school = db.session.get(School, school_id)
    if school is None:
        raise ValidationFailed(code="unknown_school", errors={"school_id": ["No such school."]})
    if not is_staff(actor) and school_id_of(actor) != school_id:
        raise Forbidden(detail="A school contact books only for its own school.")
    now = utcnow()
    past = [i for i, start in enumerate(preferred_slots) if start <= now]
    if past:
        raise ValidationFailed(
            code="slot_in_past",
            errors={"preferred_slots": {str(i): ["Must be in the future."] for i in past}},
        )
    request = Request(offering, school, grade, participants)
    verdicts = [_judge(request, start, None) for start in preferred_slots]
    if not any(verdict.free for verdict in verdicts):
        every = [
            replace(conflict, slot=start)
            for start, verdict in zip(preferred_slots, verdicts, strict=True)
            for conflict in verdict.conflicts
        ]
        nearby = suggestions(request, preferred_slots, now=now, limit=5)
        raise BookingConflict(
            every,
            detail="None of the preferred times can be booked; see conflicts and suggestions.",
            suggestions=[
                {
                    "start": s["start"].isoformat(),
                    "end": s["end"].isoformat(),
                    "staff_ids": s["staff_ids"],
                }
                for s in nearby
            ],
        )
    booking = Booking(
        offering_id=offering.id,
        school_id=school.id,
        requested_by_id=actor.id,
        status="requested",
        preferred_slots=[start.isoformat() for start in preferred_slots],
        grade=grade,
        participants=participants,
        notes=notes,
        show_publicly=show_publicly,
    )
    db.session.add(booking)
    db.session.flush()
    _history(booking, actor, "requested")
    _tell_staff_of_request(booking, offering, school)
    commit()
    return details(booking, checks=verdicts)


def _tell_staff_of_request(booking: Booking, offering: Offering, school: School) -> None:
    staff = db.session.execute(
        select(User.email, User.locale).where(
            User.role.in_((Role.NETWALKER, Role.ADMIN)),
            User.is_active.is_(True),
            User.email.is_not(None),
        )
    ).tuples()
    slots_text = ", ".join(
        slots.format_local(datetime.fromisoformat(s)) for s in booking.preferred_slots
    )
    for email, locale in staff:
        assert email is not None
        params = {
            "offering": localised(offering.title, locale),
            "school": school.name,
            "grade": booking.grade,
            "participants": booking.participants,
            "slots": slots_text,
        }
        mail.enqueue(
            email,
            translate("booking.mail.requested.subject", locale, **params),
            translate("booking.mail.requested.body", locale, **params),
        )


def _tell_school(booking: Booking, what: str, method: str | None, **extra: Any) -> None:
    offering, school = parts(booking)
    for email, locale in contact_emails(school.id):
        params = {
            "offering": localised(offering.title, locale),
            "start": slots.format_local(booking.starts_at) if booking.starts_at else "",
            "end": slots.format_local(booking.ends_at) if booking.ends_at else "",
            **extra,
        }
        ics = calendars.invitation(booking, method, locale) if method else None
        mail.enqueue(
            email,
            translate(f"booking.mail.{what}.subject", locale, **params),
            translate(f"booking.mail.{what}.body", locale, **params),
            ics=ics,
            method=method,
        )


# ---------------------------------------------------------------- staff decisions


def _check_staff_ids(offering: Offering, staff_ids: list[int] | None) -> None:
    if staff_ids is None:
        return
    if len(set(staff_ids)) != len(staff_ids) or len(staff_ids) != offering.staff_needed:
        raise ValidationFailed(
            code="wrong_staff_count",
            errors={"staff_ids": [f"Name {offering.staff_needed} different staff members."]},
        )


def _place(
    actor: User,
    booking_id: int,
    start: datetime,
    staff_ids: list[int] | None,
    *,
    allowed: tuple[str, ...],
    action: str,
) -> BookingDetails:
    """Put a booking at `start` with its staff: check everything, write the assignments and
    commit under the write lock; a double booking the database refuses is a 409 too."""
    with staff_write_lock():
        booking = _get(actor, booking_id, lock=True)
        if booking.status not in allowed:
            db.session.rollback()
            raise Conflict(
                code="booking_not_" + allowed[0],
                detail=f"The booking is {booking.status}.",
            )
        request = _request(booking)
        _check_staff_ids(request.offering, staff_ids)
        # Before the checks, so they see every earlier confirmation of these people: the
        # weekly cap spans days the exclusion constraint cannot see. Without named staff, any
        # net-walker may be picked, so all are locked (there are a handful).
        lock_staff(staff_ids if staff_ids else list(load_staff()))
        verdict = _judge(request, start, staff_ids)
        if verdict.conflicts:
            db.session.rollback()
            raise BookingConflict(verdict.conflicts)
        previous = booking.starts_at
        db.session.execute(delete(StaffAssignment).where(StaffAssignment.booking_id == booking.id))
        travel = request.school.travel_minutes
        for staff_id in verdict.staff_ids:
            for session in verdict.sessions:
                blocked_from, blocked_until = session.blocked(travel)
                db.session.add(
                    StaffAssignment(
                        booking_id=booking.id,
                        staff_id=staff_id,
                        session_starts_at=session.start,
                        session_ends_at=session.end,
                        blocked_from=blocked_from,
                        blocked_until=blocked_until,
                    )
                )
        if booking.status != "requested":
            booking.sequence += 1
        booking.status = "confirmed"
        booking.starts_at, booking.ends_at = verdict.start, verdict.end
        booking.staff_ids = verdict.staff_ids
        booking.updated_at = utcnow()
        _history(
            booking,
            actor,
            action,
            start=verdict.start.isoformat(),
            staff_ids=verdict.staff_ids,
            **({"previous_start": previous.isoformat()} if previous else {}),
        )
        try:
            db.session.flush()  # PostgreSQL checks the exclusion constraint here
        except IntegrityError as error:
            db.session.rollback()
            if not is_double_booking(error):
                raise
            # Another confirmation took the time between our check and our write.
            again = _judge(_request(_get(actor, booking_id)), start, staff_ids)
            raise BookingConflict(again.conflicts or _lost_race(verdict)) from None
        _tell_school(booking, action, "REQUEST")
        db.session.commit()
    return details(booking)


def _lost_race(verdict: Verdict) -> list[SlotConflict]:
    return [
        SlotConflict(
            "staff_booked",
            verdict.start,
            verdict.end,
            {"staff_id": staff_id, "staff_name": f"#{staff_id}"},
        )
        for staff_id in verdict.staff_ids
    ]


def confirm(
    actor: User, booking_id: int, start: datetime, staff_ids: list[int] | None
) -> BookingDetails:
    return _place(actor, booking_id, start, staff_ids, allowed=("requested",), action="confirmed")


def reschedule(
    actor: User, booking_id: int, start: datetime, staff_ids: list[int] | None
) -> BookingDetails:
    return _place(actor, booking_id, start, staff_ids, allowed=("confirmed",), action="rescheduled")


def decline(actor: User, booking_id: int, reason: str) -> BookingDetails:
    booking = _get(actor, booking_id, lock=True)
    if booking.status != "requested":
        raise Conflict(code="booking_not_requested", detail=f"The booking is {booking.status}.")
    booking.status, booking.decline_reason = "declined", reason
    _history(booking, actor, "declined", reason=reason)
    _tell_school(booking, "declined", None, reason=reason)
    db.session.commit()
    return details(booking)


def cancel(actor: User, booking_id: int, reason: str) -> BookingDetails:
    """The school or staff call it off; confirmed time is freed and calendars show it cancelled."""
    with staff_write_lock():
        booking = _get(actor, booking_id, lock=True)
        if booking.status not in ("requested", "confirmed"):
            db.session.rollback()
            raise Conflict(
                code="booking_not_cancellable", detail=f"The booking is {booking.status}."
            )
        was_confirmed = booking.status == "confirmed"
        db.session.execute(delete(StaffAssignment).where(StaffAssignment.booking_id == booking.id))
        booking.status, booking.cancel_reason = "cancelled", reason
        if was_confirmed:
            booking.sequence += 1
        booking.updated_at = utcnow()
        _history(booking, actor, "cancelled", reason=reason)
        if was_confirmed:
            _tell_school(booking, "cancelled", "CANCEL", reason=reason)
        db.session.commit()
    return details(booking)


# ---------------------------------------------------------------- free time


def booking_suggestions(actor: User, booking_id: int) -> list[dict[str, Any]]:
    booking = _get(actor, booking_id)
    preferred = [datetime.fromisoformat(s) for s in booking.preferred_slots]
    return suggestions(_request(booking), preferred, now=utcnow())


def offering_availability(
    actor: User,
    offering_id: int,
    *,
    start: datetime,
    end: datetime,
    school_id: int | None,
    grade: int | None,
    participants: int | None,
    limit: int,
) -> list[dict[str, Any]]:
    offering = visible(actor, offering_id)
    if end - start > timedelta(days=120):
        raise ValidationFailed(errors={"to": ["The window is at most 120 days."]})
    school_id = school_id if is_staff(actor) else school_id_of(actor)
    now = utcnow()
    # The offering's own fields and the school's travel time are in the data version.
    # A window that has begun is searched from now on: its start does not matter then.
    key = (offering.id, start if start > now else None, end, school_id, grade, participants)

    def search() -> list[dict[str, Any]]:
        # The school is read only for a search: a cached answer does not need it.
        school = db.session.get(School, school_id) if school_id else None
        if school is None:
            school = School(name="", travel_minutes=0)  # no school: no travel
        request = Request(
            offering,
            school,
            grade if grade is not None else (min(offering.grades) if offering.grades else 0),
            participants if participants is not None else 1,
        )
        return free_slots(request, start, end, now=now, limit=limit)

    return availability_cache.app_cache().get_or_compute(
        (*key, limit, availability_cache.data_version(now)),
        now=now,
        notice=timedelta(days=offering.min_notice_days),
        limit=limit,
        compute=search,
    )


# ---------------------------------------------------------------- after the visit


def give_feedback(
    actor: User,
    booking_id: int,
    *,
    rating: int,
    pupils_reached: int | None,
    comment: str,
) -> BookingDetails:
    booking = _get(actor, booking_id)
    if actor.role != Role.SCHOOL:
        raise Forbidden(detail="Feedback comes from the school.")
    if booking.status != "delivered":
        raise Conflict(code="booking_not_delivered", detail="Feedback follows a delivered visit.")
    if db.session.get(Feedback, booking.id) is not None:
        raise Conflict(code="feedback_exists", detail="This visit already has feedback.")
    db.session.add(
        Feedback(
            booking_id=booking.id,
            author_id=actor.id,
            rating=rating,
            pupils_reached=pupils_reached,
            comment=comment,
        )
    )
    _history(booking, actor, "feedback", rating=rating)
    db.session.commit()
    return details(booking)


def mark_delivered(now: datetime | None = None) -> int:
    """Confirmed bookings that have ended become delivered; their schools are asked for
    feedback (once)."""
    now = now or utcnow()
    done = 0
    for booking in db.session.scalars(
        select(Booking)
        .where(Booking.status == "confirmed", Booking.ends_at <= now)
        .with_for_update(skip_locked=True)
    ):
        booking.status, booking.delivered_at = "delivered", now
        _history(booking, None, "delivered")
        if booking.feedback_invited_at is None:
            booking.feedback_invited_at = now
            _tell_school(
                booking,
                "feedback",
                None,
                url=f"{calendars.base_url()}/api/v1/bookings/{booking.id}/feedback",
            )
        done += 1
    db.session.commit()
    return done


def preferred_checks(actor: User, booking_id: int) -> list[Verdict]:
    """Each preferred slot of a booking judged now: free, or every reason it cannot be taken
    (the same conflicts a 409 carries)."""
    booking = _get(actor, booking_id)
    request = _request(booking)
    return [_judge(request, datetime.fromisoformat(text), None) for text in booking.preferred_slots]

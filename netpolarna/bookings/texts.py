"""Sentences for conflicts and e-mails, in sv, da, nb and en."""

from __future__ import annotations

from netpolarna.common.i18n import register_texts

TEXTS: dict[str, dict[str, str]] = {
    "booking.conflict.staff_booked": {
        "sv": "{staff} är redan bokad {start}–{end} (restid inräknad).",
        "da": "{staff} er allerede booket {start}–{end} (rejsetid medregnet).",
        "nb": "{staff} er allerede booket {start}–{end} (reisetid medregnet).",
        "en": "{staff} is already booked {start}–{end} (travel time included).",
    },
    "booking.conflict.staff_absent": {
        "sv": "{staff} är frånvarande {start}–{end}.",
        "da": "{staff} er fraværende {start}–{end}.",
        "nb": "{staff} er fraværende {start}–{end}.",
        "en": "{staff} is away {start}–{end}.",
    },
    "booking.conflict.weekly_cap": {
        "sv": "{staff} har redan {days} skoldagar vecka {week} (högst {cap}).",
        "da": "{staff} har allerede {days} skoledage i uge {week} (højst {cap}).",
        "nb": "{staff} har allerede {days} skoledager i uke {week} (høyst {cap}).",
        "en": "{staff} already has {days} school days in week {week} (at most {cap}).",
    },
    "booking.conflict.outside_working_hours": {
        "sv": "{start}–{end} ligger utanför {staff}s arbetstid den dagen.",
        "da": "{start}–{end} ligger uden for {staff}s arbejdstid den dag.",
        "nb": "{start}–{end} ligger utenfor {staff}s arbeidstid den dagen.",
        "en": "{start}–{end} is outside {staff}'s working hours that day.",
    },
    "booking.conflict.public_holiday": {
        "sv": "{date} är en helgdag ({name}).",
        "da": "{date} er en helligdag ({name}).",
        "nb": "{date} er en helligdag ({name}).",
        "en": "{date} is a public holiday ({name}).",
    },
    "booking.conflict.school_holiday": {
        "sv": "{date} infaller under {name} ({holiday_start}–{holiday_end}).",
        "da": "{date} falder i {name} ({holiday_start}–{holiday_end}).",
        "nb": "{date} faller i {name} ({holiday_start}–{holiday_end}).",
        "en": "{date} falls in the school holiday {name} ({holiday_start}–{holiday_end}).",
    },
    "booking.conflict.short_notice": {
        "sv": "För kort varsel: boka minst {days} dagar i förväg (tidigast {earliest}).",
        "da": "For kort varsel: book mindst {days} dage i forvejen (tidligst {earliest}).",
        "nb": "For kort varsel: bestill minst {days} dager i forveien (tidligst {earliest}).",
        "en": "Too short notice: book at least {days} days ahead (earliest {earliest}).",
    },
    "booking.conflict.in_past": {
        "sv": "Tiden {start} har redan passerat.",
        "da": "Tidspunktet {start} er allerede passeret.",
        "nb": "Tidspunktet {start} har allerede passert.",
        "en": "The time {start} is in the past.",
    },
    "booking.conflict.too_many_participants": {
        "sv": "{participants} deltagare är för många: högst {max}.",
        "da": "{participants} deltagere er for mange: højst {max}.",
        "nb": "{participants} deltakere er for mange: høyst {max}.",
        "en": "{participants} participants are too many: at most {max}.",
    },
    "booking.conflict.wrong_grade": {
        "sv": "Årskurs {grade} passar inte: erbjudandet är för årskurs {grades}.",
        "da": "{grade}. klasse passer ikke: tilbuddet er for klassetrin {grades}.",
        "nb": "{grade}. trinn passer ikke: tilbudet er for trinn {grades}.",
        "en": "Grade {grade} does not fit: the offering is for grades {grades}.",
    },
    "booking.conflict.not_staff": {
        "sv": "Användare {staff_id} är inte personal som kan bokas.",
        "da": "Bruger {staff_id} er ikke personale, der kan bookes.",
        "nb": "Bruker {staff_id} er ikke ansatt som kan bookes.",
        "en": "User {staff_id} is not a staff member who can be booked.",
    },
    "booking.mail.requested.subject": {
        "sv": "Ny bokningsförfrågan: {offering} ({school})",
        "da": "Ny bookingforespørgsel: {offering} ({school})",
        "nb": "Ny bestillingsforespørsel: {offering} ({school})",
        "en": "New booking request: {offering} ({school})",
    },
    "booking.mail.requested.body": {
        "sv": "{school} önskar {offering}, årskurs {grade}, {participants} deltagare.\n"
        "Önskade tider: {slots}\n",
        "da": "{school} ønsker {offering}, klassetrin {grade}, {participants} deltagere.\n"
        "Ønskede tider: {slots}\n",
        "nb": "{school} ønsker {offering}, trinn {grade}, {participants} deltakere.\n"
        "Ønskede tider: {slots}\n",
        "en": "{school} asks for {offering}, grade {grade}, {participants} participants.\n"
        "Preferred times: {slots}\n",
    },
    "booking.mail.confirmed.subject": {
        "sv": "Bekräftad: {offering} {start}",
        "da": "Bekræftet: {offering} {start}",
        "nb": "Bekreftet: {offering} {start}",
        "en": "Confirmed: {offering} {start}",
    },
    "booking.mail.confirmed.body": {
        "sv": "Välkommen! {offering} är bokad {start}–{end}. Kalenderhändelsen finns bifogad.\n",
        "da": "Velkommen! {offering} er booket {start}–{end}. Kalenderbegivenheden er vedhæftet.\n",
        "nb": "Velkommen! {offering} er booket {start}–{end}. Kalenderhendelsen er vedlagt.\n",
        "en": "{offering} is booked for {start}–{end}. The calendar event is attached.\n",
    },
    "booking.mail.rescheduled.subject": {
        "sv": "Ny tid: {offering} {start}",
        "da": "Nyt tidspunkt: {offering} {start}",
        "nb": "Ny tid: {offering} {start}",
        "en": "New time: {offering} {start}",
    },
    "booking.mail.rescheduled.body": {
        "sv": "{offering} är flyttad till {start}–{end}. Den nya händelsen finns bifogad.\n",
        "da": "{offering} er flyttet til {start}–{end}. Den opdaterede begivenhed er vedhæftet.\n",
        "nb": "{offering} er flyttet til {start}–{end}. Den oppdaterte hendelsen er vedlagt.\n",
        "en": "{offering} has moved to {start}–{end}. The updated event is attached.\n",
    },
    "booking.mail.cancelled.subject": {
        "sv": "Inställd: {offering}",
        "da": "Aflyst: {offering}",
        "nb": "Avlyst: {offering}",
        "en": "Cancelled: {offering}",
    },
    "booking.mail.cancelled.body": {
        "sv": "Bokningen av {offering} är inställd. {reason}\n",
        "da": "Bookingen af {offering} er aflyst. {reason}\n",
        "nb": "Bestillingen av {offering} er avlyst. {reason}\n",
        "en": "The booking of {offering} is cancelled. {reason}\n",
    },
    "booking.mail.declined.subject": {
        "sv": "Förfrågan kunde inte bokas: {offering}",
        "da": "Forespørgslen kunne ikke bookes: {offering}",
        "nb": "Forespørselen kunne ikke bookes: {offering}",
        "en": "Request declined: {offering}",
    },
    "booking.mail.declined.body": {
        "sv": "Vi kan tyvärr inte ta er förfrågan om {offering}. Orsak: {reason}\n",
        "da": "Vi kan desværre ikke tage jeres forespørgsel om {offering}. Årsag: {reason}\n",
        "nb": "Vi kan dessverre ikke ta forespørselen om {offering}. Årsak: {reason}\n",
        "en": "We cannot take your request for {offering}. Reason: {reason}\n",
    },
    "booking.mail.feedback.subject": {
        "sv": "Hur gick det? Ge oss återkoppling på {offering}",
        "da": "Hvordan gik det? Giv os feedback på {offering}",
        "nb": "Hvordan gikk det? Gi oss tilbakemelding på {offering}",
        "en": "How did it go? Tell us about {offering}",
    },
    "booking.mail.feedback.body": {
        "sv": "Tack för att vi fick komma! Betygsätt besöket (1–5): {url}\n",
        "da": "Tak fordi vi måtte komme! Bedøm besøget (1–5): {url}\n",
        "nb": "Takk for at vi fikk komme! Gi besøket en vurdering (1–5): {url}\n",
        "en": "Thank you for having us! Rate the visit (1-5): {url}\n",
    },
    "problem.booking_conflict": {
        "sv": "Tiden kan inte bokas",
        "da": "Tidspunktet kan ikke bookes",
        "nb": "Tiden kan ikke bookes",
        "en": "The time cannot be booked",
    },
}

register_texts(TEXTS)

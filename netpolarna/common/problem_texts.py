"""Problem titles in the four languages, keyed by the stable problem code."""

from netpolarna.common.i18n import register_texts

PROBLEM_TITLES: dict[str, dict[str, str]] = {
    "problem.bad_request": {
        "en": "The request could not be understood",
        "sv": "Begäran kunde inte tolkas",
        "da": "Forespørgslen kunne ikke forstås",
        "nb": "Forespørselen kunne ikke forstås",
    },
    "problem.invalid_json": {
        "en": "The request body is not valid JSON",
        "sv": "Innehållet är inte giltig JSON",
        "da": "Indholdet er ikke gyldig JSON",
        "nb": "Innholdet er ikke gyldig JSON",
    },
    "problem.validation_failed": {
        "en": "Some fields are missing or invalid",
        "sv": "Några fält saknas eller är felaktiga",
        "da": "Nogle felter mangler eller er ugyldige",
        "nb": "Noen felt mangler eller er ugyldige",
    },
    "problem.unauthorized": {
        "en": "You need to sign in",
        "sv": "Du behöver logga in",
        "da": "Du skal logge ind",
        "nb": "Du må logge inn",
    },
    "problem.token_missing": {
        "en": "No access token was sent",
        "sv": "Ingen åtkomsttoken skickades",
        "da": "Der blev ikke sendt noget adgangstoken",
        "nb": "Ingen tilgangstoken ble sendt",
    },
    "problem.token_invalid": {
        "en": "The token is not valid",
        "sv": "Token är ogiltig",
        "da": "Tokenet er ugyldigt",
        "nb": "Tokenet er ugyldig",
    },
    "problem.token_expired": {
        "en": "The token has expired",
        "sv": "Token har gått ut",
        "da": "Tokenet er udløbet",
        "nb": "Tokenet har utløpt",
    },
    "problem.token_revoked": {
        "en": "The token has been revoked",
        "sv": "Token har återkallats",
        "da": "Tokenet er tilbagekaldt",
        "nb": "Tokenet er trukket tilbake",
    },
    "problem.refresh_token_reused": {
        "en": "This refresh token was already used; the session has been ended for safety",
        "sv": "Förnyelsetoken har redan använts; sessionen har avslutats för säkerhets skull",
        "da": "Fornyelsestokenet er allerede brugt; sessionen er afsluttet for en sikkerheds skyld",
        "nb": "Fornyelsestokenet er allerede brukt; økten er avsluttet for sikkerhets skyld",
    },
    "problem.invalid_credentials": {
        "en": "Wrong e-mail or password",
        "sv": "Fel e-post eller lösenord",
        "da": "Forkert e-mail eller adgangskode",
        "nb": "Feil e-post eller passord",
    },
    "problem.invalid_device": {
        "en": "Unknown device or wrong device secret",
        "sv": "Okänd enhet eller fel enhetsnyckel",
        "da": "Ukendt enhed eller forkert enhedsnøgle",
        "nb": "Ukjent enhet eller feil enhetsnøkkel",
    },
    "problem.account_inactive": {
        "en": "This account is not active",
        "sv": "Kontot är inte aktivt",
        "da": "Kontoen er ikke aktiv",
        "nb": "Kontoen er ikke aktiv",
    },
    "problem.forbidden": {
        "en": "You are not allowed to do this",
        "sv": "Du har inte behörighet att göra detta",
        "da": "Du har ikke adgang til at gøre dette",
        "nb": "Du har ikke tilgang til å gjøre dette",
    },
    "problem.erasure_not_allowed": {
        "en": "Only a youth account can erase itself; staff accounts are deactivated by an admin",
        "sv": "Bara ett ungdomskonto kan radera sig självt; personalkonton inaktiveras av en admin",
        "da": "Kun en ungdomskonto kan slette sig selv; personalekonti deaktiveres af en admin",
        "nb": "Bare en ungdomskonto kan slette seg selv; ansattkontoer deaktiveres av en admin",
    },
    "problem.not_found": {
        "en": "Not found",
        "sv": "Hittades inte",
        "da": "Ikke fundet",
        "nb": "Ikke funnet",
    },
    "problem.method_not_allowed": {
        "en": "This method is not allowed here",
        "sv": "Metoden är inte tillåten här",
        "da": "Metoden er ikke tilladt her",
        "nb": "Metoden er ikke tillatt her",
    },
    "problem.conflict": {
        "en": "The request conflicts with the current state",
        "sv": "Begäran krockar med nuvarande läge",
        "da": "Forespørgslen er i konflikt med den nuværende tilstand",
        "nb": "Forespørselen er i konflikt med nåværende tilstand",
    },
    "problem.email_taken": {
        "en": "An account with this e-mail already exists",
        "sv": "Det finns redan ett konto med den e-postadressen",
        "da": "Der findes allerede en konto med denne e-mail",
        "nb": "Det finnes allerede en konto med denne e-postadressen",
    },
    "problem.precondition_failed": {
        "en": "Someone else changed this in the meantime",
        "sv": "Någon annan har ändrat detta under tiden",
        "da": "En anden har ændret dette i mellemtiden",
        "nb": "Noen andre har endret dette i mellomtiden",
    },
    "problem.payload_too_large": {
        "en": "The upload is too large",
        "sv": "Uppladdningen är för stor",
        "da": "Uploaden er for stor",
        "nb": "Opplastingen er for stor",
    },
    "problem.unsupported_media_type": {
        "en": "This content type is not supported",
        "sv": "Innehållstypen stöds inte",
        "da": "Indholdstypen understøttes ikke",
        "nb": "Innholdstypen støttes ikke",
    },
    "problem.rate_limited": {
        "en": "Too many requests; please wait a moment",
        "sv": "För många förfrågningar; vänta en stund",
        "da": "For mange forespørgsler; vent et øjeblik",
        "nb": "For mange forespørsler; vent litt",
    },
    "problem.login_throttled": {
        "en": "Too many failed sign-ins; try again later",
        "sv": "För många misslyckade inloggningar; försök igen senare",
        "da": "For mange mislykkede logins; prøv igen senere",
        "nb": "For mange mislykkede innlogginger; prøv igjen senere",
    },
    "problem.internal_error": {
        "en": "Something went wrong on our side",
        "sv": "Något gick fel hos oss",
        "da": "Noget gik galt hos os",
        "nb": "Noe gikk galt hos oss",
    },
    "problem.unavailable": {
        "en": "The service is not ready",
        "sv": "Tjänsten är inte redo",
        "da": "Tjenesten er ikke klar",
        "nb": "Tjenesten er ikke klar",
    },
}

register_texts(PROBLEM_TITLES)

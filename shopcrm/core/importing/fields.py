"""The fields an import fills, the names columns go by, and the presets of known exports.

A column is matched to a field by its header: first by the preset's own list (the exact
columns of Square's and Shopify's exports, see ``IMPORT_FORMATS.md``), then by alias, in
English, German, Spanish and French whatever the shop's language (a shop in Vienna may well
have an English export of its old POS). Headers are compared folded: case, accents, spaces,
``_`` and ``-`` do not count, so ``E-Mail-Adresse``, ``email_address`` and ``Email Address``
all match.
"""

from __future__ import annotations

import re
import unicodedata

#: Every field a column can fill; ``ignore`` drops the column.
FIELDS: dict[str, str] = {
    "first_name": "first name",
    "last_name": "last name",
    "name": "full name (split into first and last)",
    "company": "company (the name when there is no person's name)",
    "nickname": "nickname (the name when there is nothing better)",
    "phone": "phone",
    "phone_alt": "second phone (used when the phone is empty)",
    "email": "email",
    "birthday": "birthday",
    "note": "note",
    "tags": "tags",
    "email_consent": "accepts email marketing",
    "sms_consent": "accepts SMS marketing",
    "post_consent": "accepts post",
    "vouchers_consent": "accepts printed vouchers",
    "email_unsubscribed": "unsubscribed from email",
    "do_not_contact": "do not contact",
    "external_id": "customer id in the other system",
    "visits": "visit count",
    "first_visit": "first visit",
    "last_visit": "last visit",
    "spent": "lifetime spend",
    "erased": "erased at (a shopcrm export's erased customers: left out)",
    "ignore": "(not imported)",
}

_ALIASES: dict[str, tuple[str, ...]] = {
    "first_name": (
        "first name", "firstname", "given name", "forename", "first",
        "vorname", "nombre", "prénom", "prenom",
    ),
    "last_name": (
        "last name", "lastname", "surname", "family name", "last",
        "nachname", "familienname", "zuname", "apellido", "apellidos", "nom de famille", "nom",
    ),
    "name": (
        "name", "full name", "customer name", "customer", "contact", "kunde", "kundenname",
        "nombre completo", "cliente", "nom complet", "client",
    ),
    "company": (
        "company", "company name", "business", "business name", "organisation",
        "organization", "firma", "firmenname", "unternehmen", "empresa", "compañía",
        "société", "societe", "entreprise",
    ),
    "nickname": ("nickname", "spitzname", "apodo", "surnom"),
    "phone": (
        "phone", "phone number", "mobile", "mobile phone", "mobile number", "cell",
        "cell phone", "telephone", "tel", "phone_number", "telefon", "telefonnummer", "handy",
        "mobil", "mobilnummer", "teléfono", "telefono", "móvil", "movil", "celular",
        "téléphone", "portable", "numéro de téléphone",
    ),
    "phone_alt": (
        "default address phone", "home phone", "work phone", "other phone", "telefon 2",
        "festnetz", "teléfono 2", "téléphone 2",
    ),
    "email": (
        "email", "email address", "e-mail", "mail", "e-mail-adresse", "emailadresse",
        "correo", "correo electrónico", "email de contacto", "courriel", "adresse e-mail",
        "adresse email",
    ),
    "birthday": (
        "birthday", "birth date", "date of birth", "dob", "birthdate", "geburtstag",
        "geburtsdatum", "cumpleaños", "fecha de nacimiento", "anniversaire",
        "date de naissance",
    ),
    "note": (
        "note", "notes", "memo", "comment", "comments", "notiz", "notizen", "bemerkung",
        "bemerkungen", "kommentar", "anmerkung", "nota", "notas", "comentario",
        "comentarios", "remarque", "remarques", "commentaire", "commentaires",
    ),
    "tags": (
        "tags", "tag", "labels", "groups", "schlagwörter", "etiketten", "gruppen",
        "etiquetas", "grupos", "étiquettes", "groupes",
    ),
    "email_consent": (
        "accepts email marketing", "accepts marketing", "email subscription status",
        "email marketing", "email consent", "newsletter", "e-mail-werbung",
        "einwilligung e-mail", "newsletter einwilligung", "acepta marketing por correo",
        "acepta correos", "consentement email", "consentement e-mail",
    ),
    "sms_consent": (
        "accepts sms marketing", "sms marketing", "sms consent", "sms-werbung",
        "einwilligung sms", "acepta sms", "consentement sms",
    ),
    "post_consent": (
        "post consent", "accepts post", "accepts mail marketing", "einwilligung post",
        "acepta correo postal", "consentement courrier",
    ),
    "vouchers_consent": (
        "vouchers consent", "accepts vouchers", "einwilligung gutscheine", "acepta vales",
        "consentement bons",
    ),
    "erased": ("erased at",),
    "email_unsubscribed": ("email unsubscribed", "unsubscribed", "abgemeldet"),
    "do_not_contact": (
        "do not contact", "no contact", "keine werbung", "nicht kontaktieren",
        "no contactar", "ne pas contacter",
    ),
    "external_id": (
        "customer id", "customer number", "customer code", "customer_code", "id",
        "kundennummer", "kunden-nr", "kundennr", "kunden id", "número de cliente",
        "numero de cliente", "id de cliente", "numéro de client", "numero client",
        "id client",
    ),
    "visits": (
        "visits", "visit count", "total visits", "number of visits", "transaction count",
        "total orders", "orders", "besuche", "anzahl besuche", "visitas", "número de visitas",
        "visites", "nombre de visites",
    ),
    "first_visit": (
        "first visit", "first seen", "erster besuch", "primera visita", "première visite",
    ),
    "last_visit": (
        "last visit", "last seen", "letzter besuch", "última visita", "ultima visita",
        "dernière visite",
    ),
    "spent": (
        "lifetime spend", "total spent", "total spend", "total sales", "umsatz",
        "gesamtumsatz", "ausgaben", "gasto total", "total gastado", "total dépensé",
        "chiffre d'affaires",
    ),
}  # fmt: skip

#: The exact columns of each known export (``IMPORT_FORMATS.md``) that aliases would miss or
#: get wrong; the rest of their columns are matched by alias like any file's.
PRESETS: dict[str, dict[str, str]] = {
    "square": {
        "square customer id": "external_id",
        "reference id": "ignore",
        "memo": "note",
        "creation source": "ignore",
        "instant profile": "ignore",
        "blocked from online booking": "ignore",
        "email subscription status": "email_consent",
        "email unsubscribed": "email_unsubscribed",
    },
    "shopify": {
        "customer id": "external_id",
        "default address company": "company",
        "company": "company",
        "default address phone": "phone_alt",
        "total orders": "visits",
        "total spent": "spent",
        "tax exempt": "ignore",
        "accepts whatsapp marketing": "ignore",
    },
    "generic": {},
}


def fold(header: str) -> str:
    """A header as compared: lower case, no accents, one space between words."""
    text = unicodedata.normalize("NFKD", header.strip().lstrip("\ufeff").casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\s_\-.:/()#*]+", " ", text).split())


_BY_ALIAS: dict[str, str] = {fold(a): name for name, aliases in _ALIASES.items() for a in aliases}


def guess_preset(headers: list[str]) -> str:
    """The preset a file's headers say it is (``generic`` when none does)."""
    folded = {fold(h) for h in headers}
    if "square customer id" in folded or "email subscription status" in folded:
        return "square"
    if "accepts email marketing" in folded and ("total spent" in folded or "tags" in folded):
        return "shopify"
    return "generic"


def match_columns(
    headers: list[str], preset: str, remembered: dict[str, str] | None = None
) -> list[str]:
    """The field of each column, by position (``ignore`` for a column nothing matched, and for
    a second column of a field already filled). ``remembered`` (folded header -> field) wins
    over the preset, which wins over the aliases."""
    explicit = {**PRESETS.get(preset, {}), **(remembered or {})}
    taken: set[str] = set()
    fields = []
    for header in headers:
        key = fold(header)
        name = explicit.get(key) or _BY_ALIAS.get(key) or "ignore"
        if name != "ignore" and name in taken:
            name = "ignore"
        taken.add(name)
        fields.append(name)
    return fields

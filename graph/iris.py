"""Stable IRIs built from natural keys.

The same thing gets the same IRI in every build (body + date for a meeting,
journal number for a case, normalised name for a person), so the Turtle of two
overlapping corpora merges without duplicates.

>>> ids = Iris("https://example.org/id/")
>>> ids.meeting("Økonomiudvalget", "2021-03-04")
'https://example.org/id/meeting/okonomiudvalget/2021-03-04'
>>> ids.item(ids.meeting("Økonomiudvalget", "2021-03-04"), 7)
'https://example.org/id/meeting/okonomiudvalget/2021-03-04/item/7'

One store may hold the minutes of every municipality: what is a municipality's own (its bodies,
meetings, cases, posts, departments, people, policies, networks) is scoped by it, so the
Økonomiudvalget of two municipalities and two namesakes stay apart. Documents, KLE subject
codes and organisations (KL, Landsbyggefonden) are the same everywhere.

>>> ids.scoped("Egebæk").meeting("Økonomiudvalget", "2021-03-04")
'https://example.org/id/egebaek/meeting/okonomiudvalget/2021-03-04'
>>> ids.scoped("Egebæk").entity("Organisation", "KL") == ids.entity("Organisation", "KL")
True
"""
from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

DEFAULT_BASE = "https://w3id.org/referatgraf/id/"

# Danish letters that NFKD does not decompose into ASCII.
_TRANSLIT = str.maketrans({"æ": "ae", "ø": "o", "å": "aa", "Æ": "ae", "Ø": "o", "Å": "aa", "&": "og"})


def slug(text: str) -> str:
    """Lower-case ASCII slug: ``"Økonomi & Stab"`` → ``"okonomi-og-stab"``.

    >>> slug("Chefen for Økonomi & Stab")
    'chefen-for-okonomi-og-stab'
    """
    text = text.translate(_TRANSLIT)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^A-Za-z0-9.]+", "-", text.lower()).strip("-.")
    return text or "x"


# An absolute IRI (RFC 3987): a scheme, then no character an IRI may not hold.
_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")


def checked_base(base: str) -> str:
    """``base`` if it can prefix the data's IRIs (absolute, no spaces or ``<>"{}|\\^```), ending in
    ``/`` or ``#``; raises ``ValueError`` saying why not.

    >>> checked_base("https://data.example.dk/minutes")
    'https://data.example.dk/minutes/'
    >>> checked_base("not-an-iri")
    Traceback (most recent call last):
    ValueError: --base 'not-an-iri' is not an absolute IRI (it needs a scheme, e.g. https://data.example.dk/minutes/)
    """
    if not _ABSOLUTE_IRI.fullmatch(base or ""):
        raise ValueError(f"--base {base!r} is not an absolute IRI (it needs a scheme, e.g. https://data.example.dk/minutes/)")
    return base if base.endswith(("/", "#")) else base + "/"


# IRI folders that are the same in every municipality (everything else is scoped by it).
NATIONAL = frozenset({"document", "theme", "organisation"})


class Iris:
    """IRI factory for one base (and municipality, see :meth:`scoped`). Each method takes natural keys only."""

    def __init__(self, base: str = DEFAULT_BASE, municipality: str | None = None):
        self.base = checked_base(base)
        self.municipality = municipality
        self._own = f"{self.base}{slug(municipality)}/" if municipality else self.base

    def scoped(self, municipality: str | None) -> "Iris":
        """The IRIs of one municipality's things (unscoped, as before, when it is not known)."""
        return self if municipality == self.municipality else Iris(self.base, municipality)

    def _under(self, kind: str, key: str) -> str:
        return f"{self.base if kind in NATIONAL else self._own}{kind}/{slug(key)}"

    def body(self, name: str) -> str:
        return self._under("body", name)

    def meeting(self, body: str | None, day: str) -> str:
        return f"{self._own}meeting/{slug(body or 'unknown-body')}/{day}"

    def item(self, meeting_iri: str, number: int) -> str:
        return f"{meeting_iri}/item/{number}"

    def proposal(self, item_iri: str) -> str:
        return f"{item_iri}/proposal"

    def decision(self, item_iri: str) -> str:
        return f"{item_iri}/decision"

    def attachment(self, item_iri: str, title: str) -> str:
        return f"{item_iri}/bilag/{slug(title)}"

    def case(self, journal_number: str) -> str:
        """KLE numbers are IRI-safe as they are; anything else ("21/4711") is percent-encoded,
        never stripped, so two different numbers cannot share an IRI.

        >>> Iris("https://example.org/id/").case("21/4711") != Iris("https://example.org/id/").case("2147/11")
        True
        """
        key = quote(re.sub(r"\s+", "", journal_number), safe=".-")
        return f"{self._own}case/{key}"

    def theme(self, code: str) -> str:
        return f"{self.base}theme/{code}"

    def document(self, doc_id: str) -> str:
        """Percent-encoded document id: "a/b.txt" and "a-b.txt" stay two documents.

        >>> Iris("https://example.org/id/").document("a/b c.txt")
        'https://example.org/id/document/a%2Fb%20c.txt'
        """
        return f"{self.base}document/{quote(doc_id, safe='')}"

    def entity(self, kind: str, key: str) -> str:
        """Person, Post, Department, Organisation, Policy, Network, NetworkTheme, Body."""
        folder = {
            "Person": "person",
            "Post": "post",
            "Department": "department",
            "Organisation": "organisation",
            "Policy": "policy",
            "Network": "network",
            "NetworkTheme": "network-theme",
            "Body": "body",
        }.get(kind) or slug(kind)
        return self._under(folder, key)

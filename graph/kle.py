"""KLE subject titles from the user's own copy of KL's emneplan.

The titles of KLE (Kommunernes Landsforenings Emnesystematik) are KL's
copyrighted work, so referatgraf ships none of them. A user who has the XML
export (``KLE-Emneplan`` with ``Hovedgruppe`` / ``Gruppe`` / ``Emne`` elements,
each with a number and a title) can hand it in, and the codes found in the
journal numbers get their titles.

The reader is tolerant of the export's variants: XML namespaces, child
elements named ``HovedgruppeNr``/``GruppeNr``/``EmneNr`` (or plain ``Nr``) and
``...Titel`` (or ``Titel``), or the same as attributes, and numbers given in
full ("00.01.00") or only as the last level ("00").
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

_LEVELS = {"hovedgruppe": 1, "gruppe": 2, "emne": 3}
_CODE_RE = re.compile(r"^\d{2}(?:\.\d{2}){0,2}$")


class KleFormatError(ValueError):
    """The file is not a KLE emneplan XML file this reader understands."""


def _local(tag: str) -> str:
    """Element or attribute name without its ``{namespace}``."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _field(elem: ET.Element, suffix: str) -> str | None:
    """Value of a direct child or attribute whose name ends with ``suffix`` ("nr", "titel")."""
    for child in elem:
        name = _local(child.tag).casefold()
        if name.endswith(suffix) and (child.text or "").strip():
            return " ".join(child.text.split())
    for key, value in elem.attrib.items():
        name = _local(key).casefold()
        if name.endswith(suffix) and value.strip():
            return " ".join(value.split())
    return None


def load_kle_titles(path: str | Path) -> dict[str, str]:
    """Map KLE codes ("00", "00.01", "00.01.00") to titles from a KLE XML file.

    Raises :class:`KleFormatError` when the file cannot be parsed or holds no
    KLE codes, and ``OSError`` when it cannot be read.
    """
    try:
        tree = ET.parse(str(path))
    except ET.ParseError as exc:
        raise KleFormatError(f"{path}: not well-formed XML ({exc})") from exc
    titles: dict[str, str] = {}
    _walk(tree.getroot(), "", titles)
    if not titles:
        raise KleFormatError(f"{path}: no Hovedgruppe/Gruppe/Emne elements with a number and a title")
    return dict(sorted(titles.items()))


def _walk(elem: ET.Element, parent_code: str, titles: dict[str, str]) -> None:
    level = _LEVELS.get(_local(elem.tag).casefold())
    code = parent_code
    if level is not None:
        nr = _field(elem, "nr")
        title = _field(elem, "titel") or _field(elem, "title")
        full = _full_code(nr, parent_code, level)
        if full is not None:
            code = full
            if title:
                titles[full] = title
    for child in elem:
        _walk(child, code, titles)


def _full_code(nr: str | None, parent_code: str, level: int) -> str | None:
    """"00.01.00" as given, or built from the parent's code and a last-level "00"."""
    if not nr:
        return None
    nr = nr.strip()
    if _CODE_RE.match(nr) and nr.count(".") == level - 1:
        return nr
    if re.fullmatch(r"\d{1,2}", nr):
        if level == 1:
            return f"{int(nr):02d}"
        if parent_code and parent_code.count(".") == level - 2:
            return f"{parent_code}.{int(nr):02d}"
    return None

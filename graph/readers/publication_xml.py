"""Publication XML exports of two case systems, mapped onto a :class:`MeetingRecord`:

``sbsys``
    SBSYS eDagsorden (AGMan) publication XML: root ``<Publication>`` with ``Agendas/Agenda``
    (``Committee/Name``, ``Meeting/When|Where|Members``, ``Items/Item`` with ``Number``,
    ``Caption``, ``Case/Number``, ``IsPublic``, ``Fields/ItemField`` (``Caption`` + HTML
    ``Content``), ``Enclosures/Enclosure`` and ``ItemHistory``). The kind is the publication's
    ``PublicationTypeAsValue`` (0 draft, 1 agenda, 2 minutes). Enclosure files lie beside the
    XML (``InstantiationFilePathRelative``, e.g. ``Enclosures\\1.pdf``).
``edoc``
    eDoc (Fujitsu) agenda XML, namespace ``http://www.fujitsu.dk/agenda/xml/schemas/…``:
    ``Root/Committee/Name``, ``Meeting/MeetingDateTime|MeetingLocation|MeetingParticipants``,
    ``Agenda/Type`` and ``Agenda/AgendaElements/AgendaElement`` (``AccessIsPublic``,
    ``HandlingItem/SerialNo|Title|CaseNumber``, ``CasePresentations/CasePresentation``
    (``Title`` + ``Content``), ``Attachments/Attachment`` (``Title``, ``Link``) and
    ``HandlingPlan/Handling`` (this and earlier treatments with their ``Decision``)).

Only the formats' tag names are known here; every name, title and date comes from the file.
Tag names are matched without their namespace. :func:`claimed_files` lists the files beside an
export that it references (enclosures, attachments, images), so a folder build reports them as
attachments of the export instead of reading each as minutes.
"""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path, PureWindowsPath

from graph import datafiles
from graph.readers import Read, ReadError, record_read
from graph.readers.record import MeetingRecord, Participant, RecordItem, labels

SBSYS = "sbsys"
EDOC = "edoc"
EDOC_NAMESPACE = "http://www.fujitsu.dk/agenda/xml/schemas/"

UNKNOWN = "XML of an unknown kind (expected an SBSYS or eDoc publication export)"

# SBSYS ParticipationStatusAsValue: 0 not decided (counted as present by the publishing
# system), 1 participates, 4 participates in part; any other stated value is an absence.
# In an item's own member list only 0 and 1 are taking part in the item.
_SBSYS_PRESENT = {"0", "1", "4"}
_SBSYS_ITEM_PRESENT = {"0", "1"}
# SBSYS PublicationTypeAsValue → kind (0 "Kladde" is a draft of the agenda).
_SBSYS_KINDS = {"0": "DAGSORDEN", "1": "DAGSORDEN", "2": "REFERAT"}
# eDoc HandlingPlan/Handling/Placement of the treatment at this meeting.
_EDOC_THIS = "this"
# SBSYS ItemField/FieldTypeAsEnum values whose Content is plain text, not HTML.
_PLAIN_FIELD_TYPES = {"multiline", "text", "singleline", "string"}

_TAG = re.compile(r"<\s*/?\s*[A-Za-z][^>]*>")
_PARTY = re.compile(r"\s*\((?:[A-ZÆØÅ]{1,3})\)\s*$")  # "Anne Hansen (A)": the party letter
_DATE = re.compile(r"(\d{1,2})[-./](\d{1,2})[-./](\d{4})(?:[ T]+(\d{1,2})[:.](\d{2}))?")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]+(\d{1,2}):(\d{2}))?")


# --- reading -------------------------------------------------------------------------------

def read_publication_xml(raw: bytes) -> Read:
    """An SBSYS or eDoc publication export as a :class:`Read` (reader ``sbsys`` / ``edoc``).

    >>> xml = b'''<Publication><PublicationTypeAsValue>2</PublicationTypeAsValue><Agendas><Agenda>
    ... <Meeting><When>04-03-2024 08:00:00</When><Where>Byraadssalen</Where></Meeting>
    ... <Committee><Name>Testudvalget</Name></Committee><Items><Item ID="1"><Number>1</Number>
    ... <Caption>Budget</Caption><IsPublic>True</IsPublic><Fields><ItemField><Caption>Beslutning</Caption>
    ... <FieldTypeAsEnum>Html</FieldTypeAsEnum><Content>&lt;p&gt;Godkendt.&lt;/p&gt;</Content></ItemField>
    ... </Fields></Item></Items></Agenda></Agendas></Publication>'''
    >>> r = read_publication_xml(xml)
    >>> r.reader, r.meta["body"], str(r.meta["date"]), r.meta["kind"], r.meta["start_time"]
    ('sbsys', 'Testudvalget', '2024-03-04', 'REFERAT', '08:00')
    >>> read_publication_xml(b"<Publication><Agendas>")
    Traceback (most recent call last):
    ...
    graph.readers.ReadError: not well-formed XML (no element found: line 1, column 22)
    """
    root = _parse(raw)
    kind = _kind_of(root)
    if kind == SBSYS:
        record, warning = _sbsys_record(root)
    elif kind == EDOC:
        record, warning = _edoc_record(root)
    else:
        raise ReadError(_unknown_reason(root))
    read = record_read(record, kind)
    read.warning = warning
    return read


def _parse(raw: bytes) -> ET.Element:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        raise ReadError(f"not well-formed XML ({exc})") from None
    except LookupError as exc:  # encoding="…" names no codec Python knows
        raise ReadError(f"XML in an unknown encoding ({exc})") from None
    return root


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _namespace(tag: object) -> str:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def _kind_of(root: ET.Element) -> str | None:
    name = _local(root.tag)
    if name == "Publication" and _child(root, "Agendas") is not None:
        return SBSYS
    if _namespace(root.tag).startswith(EDOC_NAMESPACE) or any(
            _namespace(e.tag).startswith(EDOC_NAMESPACE) for e in root):
        if _path(root, "Committee/Meeting") is not None:
            return EDOC
    return None


def _unknown_reason(root: ET.Element) -> str:
    edoc = _namespace(root.tag).startswith(EDOC_NAMESPACE) or any(
        _namespace(e.tag).startswith(EDOC_NAMESPACE) for e in root)
    if edoc and _path(root, "Notification") is not None:
        target = _text(_path(root, "Notification/PathToXml"))
        return ("eDoc publication notice, not an agenda" + (f" (its agenda is {target})" if target else ""))
    if edoc:
        return "eDoc XML without a meeting (no 'Committee/Meeting' element)"
    return UNKNOWN


# --- element helpers (namespace-blind) ----------------------------------------------------

def _child(el: ET.Element | None, name: str) -> ET.Element | None:
    if el is None:
        return None
    for c in el:
        if _local(c.tag) == name:
            return c
    return None


def _children(el: ET.Element | None, name: str) -> list[ET.Element]:
    return [c for c in el if _local(c.tag) == name] if el is not None else []


def _path(el: ET.Element | None, path: str) -> ET.Element | None:
    for name in path.split("/"):
        el = _child(el, name)
    return el


def _all(el: ET.Element | None, path: str) -> list[ET.Element]:
    *parents, last = path.split("/")
    for name in parents:
        el = _child(el, name)
    return _children(el, last)


def _text(el: ET.Element | None) -> str:
    return (el.text or "").strip() if el is not None else ""


def _get(el: ET.Element | None, path: str) -> str:
    return _text(_path(el, path))


def _flag(value: str) -> bool | None:
    v = value.strip().casefold()
    return True if v in ("true", "1", "ja", "yes") else False if v in ("false", "0", "nej", "no") else None


def _int(value: str) -> int | None:
    v = value.strip().rstrip(".")
    return int(v) if re.fullmatch(r"[0-9]{1,9}", v) else None  # str.isdigit() takes "²", int() does not


# --- values --------------------------------------------------------------------------------

def _when(text: str) -> tuple[date | None, str | None]:
    """Date and time of "15-05-2013 16:30:00", "02-05-2017 10:00" or ISO "2017-05-02T10:00".

    >>> _when("15-05-2013 16:30:00"), _when("2017-05-02T10:00:00"), _when("")
    ((datetime.date(2013, 5, 15), '16:30'), (datetime.date(2017, 5, 2), '10:00'), (None, None))
    """
    m = _ISO.search(text)
    if m:
        y, mo, d, hh, mm = m.groups()
    else:
        m = _DATE.search(text)
        if not m:
            return None, None
        d, mo, y, hh, mm = m.groups()
    try:
        day = date(int(y), int(mo), int(d))
    except ValueError:
        return None, None
    clock = f"{int(hh):02d}:{mm}" if hh is not None and int(hh) < 24 and int(mm) < 60 else None
    return day, clock


def _name(text: str) -> str:
    """A person's name as written, spaces collapsed and a trailing party letter "(A)" removed
    (the name is what the graph's person is; the record has no place for the party)."""
    return _PARTY.sub("", " ".join(text.split()))


def _is_html(text: str) -> bool:
    return bool(_TAG.search(text))


def _plain_html(text: str) -> str:
    """Plain text as HTML: a paragraph per blank-line-separated block, line breaks kept."""
    paras = [p for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")) if p.strip()]
    return "".join("<p>" + "<br>".join(html.escape(ln.strip()) for ln in p.split("\n") if ln.strip()) + "</p>"
                   for p in paras)


def _content_html(text: str, plain: bool | None = None) -> str:
    """A field's content as HTML: HTML as it is, plain text escaped with its line breaks."""
    if plain is None:
        plain = not _is_html(text)
    return _plain_html(text) if plain else text


def _is_empty_html(text: str) -> bool:
    """No words in an HTML fragment ("<p>&nbsp;</p>" is empty)."""
    return not html.unescape(_TAG.sub(" ", text or "")).replace("\u00a0", " ").strip()


def _history_html(entries: list[tuple[str, str, str]]) -> str:
    """Earlier treatments as labelled case-history entries (graph/data/history_labels.tsv):
    ``(body, date as written, HTML of the decision)`` each."""
    body_label = date_label = None
    for row in datafiles.rows("history_labels.tsv"):
        if row[1] == "body" and body_label is None:
            body_label = row[0]
        elif row[1] == "date" and date_label is None:
            date_label = row[0]
    out = []
    for body, when, content in entries:
        if body:
            out.append(f"<p>{html.escape(f'{body_label}: {body}')}</p>")
        if when:
            out.append(f"<p>{html.escape(f'{date_label}: {when}')}</p>")
        out.append(content)
    return "".join(out)


def _label(key: str, default: str) -> str:
    return labels().get(key, default)


def _numbered(items: list[RecordItem], numbers: list[int | None]) -> list[RecordItem]:
    """Items with the format's numbers when every item has one and none repeats (sorted by
    them), else numbered in document order 1..n."""
    if numbers and all(n is not None for n in numbers) and len(set(numbers)) == len(numbers):
        for item, n in zip(items, numbers):
            item.number = n
        return sorted(items, key=lambda i: i.number)
    for k, item in enumerate(items, 1):
        item.number = k
    return items


# --- SBSYS ---------------------------------------------------------------------------------

def _sbsys_record(root: ET.Element) -> tuple[MeetingRecord, str | None]:
    agendas = _all(root, "Agendas/Agenda")
    if not agendas:
        raise ReadError("SBSYS publication XML without agendas (no 'Agendas/Agenda' element)")
    first = agendas[0]
    meeting = _child(first, "Meeting")
    committee = _child(first, "Committee")
    body = _get(committee, "Name") or _get(first, "Name") or None
    day, clock = _when(_get(meeting, "When"))
    type_value = _get(root, "PublicationTypeAsValue")
    type_enum = _get(root, "PublicationTypeAsEnum")
    kind = _SBSYS_KINDS.get(type_value) or _kind_word(type_enum)
    people = []
    for m in _all(meeting, "Members/MeetingMember"):
        name = _name(_get(m, "Name") or _get(m, "Member/Name"))
        if not name:
            continue
        status = _get(m, "ParticipationStatusAsValue")
        role = _get(m, "MeetingMemberRolesList") or None
        people.append(Participant(name, absent=bool(status) and status not in _SBSYS_PRESENT, function=role))
    items: list[RecordItem] = []
    numbers: list[int | None] = []
    for agenda in agendas:
        loose = _all(agenda, "Enclosures/Enclosure")  # the agenda's list of all enclosures, by ItemID
        for it in _all(agenda, "Items/Item"):
            items.append(_sbsys_item(it, loose))
            numbers.append(_int(_get(it, "Number")))
    record = MeetingRecord(body=body, date=day, kind=kind, start_time=clock, place=_get(meeting, "Where") or None,
                           participants=people, items=_numbered(items, numbers), source_format=SBSYS)
    warning = None
    if type_value == "0" or type_enum.casefold() == "draft":
        warning = "SBSYS draft publication (PublicationType Draft): the agenda was not yet final"
    return record, warning


def _kind_word(word: str) -> str | None:
    w = word.casefold()
    if any(k in w for k in ("minute", "referat", "protokol", "summary")):
        return "REFERAT"
    if any(k in w for k in ("agenda", "dagsorden", "draft", "final", "kladde")):
        return "DAGSORDEN"
    return None


def _sbsys_case_number(it: ET.Element) -> str | None:
    number = _get(it, "Case/Number") or _get(it, "ItemCaseNumber")
    if not number:
        both = _get(it, "Case/NumberAndTitle")
        head = both.split(" - ", 1)[0].strip() if " - " in both else ""
        number = head
    return number or None


def _sbsys_item(it: ET.Element, loose: list[ET.Element]) -> RecordItem:
    fields = []
    for f in sorted(_all(it, "Fields/ItemField"), key=lambda f: _int(_get(f, "Index")) or 0):
        content = _text(_child(f, "Content"))
        if _is_empty_html(content):  # HasContent False, or only "<p>&nbsp;</p>"
            continue
        # a Multiline field is plain text (line breaks as written), unless it holds markup after all
        plain = _get(f, "FieldTypeAsEnum").casefold() in _PLAIN_FIELD_TYPES and not _is_html(content)
        fields.append((_get(f, "Caption"), _content_html(content, plain or None)))
    history = []
    for h in _all(it, "ItemHistory/ItemField"):
        content = _text(_child(h, "Content"))
        if _is_empty_html(content):
            continue
        caption = _get(h, "Caption")
        decision = (f"<p>{html.escape(caption)}</p>" if caption else "") + _content_html(content)
        day, _ = _when(_get(h, "MeetingDetails/MeetingDueDate"))
        history.append((_get(h, "MeetingDetails/CommitteeName"), day.strftime("%d.%m.%Y") if day else "", decision))
    if history:
        fields.append((_label("history", "Sagsforløb"), _history_html(history)))
    enclosures = _all(it, "Enclosures/Enclosure")
    if not enclosures and it.get("ID"):
        enclosures = [e for e in loose if e.get("ItemID") == it.get("ID")]
    enclosures = sorted(enclosures, key=lambda e: (_int(_get(e, "Number")) or 0, _int(_get(e, "Index")) or 0))
    attachments = [_get(e, "Name") or Path(PureWindowsPath(_get(e, "FileName"))).stem for e in enclosures]
    absent = []
    for m in _all(it, "Members/ItemMember"):
        status = _get(m, "ParticipationStatusAsValue")
        name = _name(_get(m, "Name"))
        if name and status and status not in _SBSYS_ITEM_PRESENT:
            absent.append(Participant(name, absent=True))
    public = _flag(_get(it, "IsPublic"))
    return RecordItem(number=0, title=" ".join(_get(it, "Caption").split()), case_number=_sbsys_case_number(it),
                      closed=public is False, fields=fields, attachments=[a for a in attachments if a],
                      participants=absent)


def _sbsys_files(root: ET.Element) -> list[str]:
    """The relative paths an SBSYS publication gives for its enclosure and image files."""
    folder = _get(root, "RelativeEnclosureOutputPath")
    out = []
    for e in root.iter():
        tag = _local(e.tag)
        if tag == "Enclosure":
            rel = _get(e, "InstantiationFilePathRelative")
            name = _get(e, "InstantiationFileName")
            out += [p for p in (rel, f"{folder}\\{name}" if folder and name else "", name) if p]
        elif tag == "Image":
            rel = _get(e, "InstantiationFilePathRelative")
            name = _get(e, "InstantiationFileName")
            out += [p for p in (rel, f"Images\\{name}" if name else "", name) if p]
    return out


# --- eDoc ----------------------------------------------------------------------------------

def _edoc_record(root: ET.Element) -> tuple[MeetingRecord, str | None]:
    committee = _child(root, "Committee")
    meeting = _child(committee, "Meeting")
    agenda = _child(meeting, "Agenda")
    day, clock = _when(_get(meeting, "MeetingDateTime"))
    kind = _kind_word(_get(agenda, "Type")) or _edoc_output_kind(_get(root, "OutputTypeEnumName"))
    people = []
    for p in _all(meeting, "MeetingParticipants/MeetingParticipant"):
        name = _name(_get(p, "Name"))
        if name:
            people.append(Participant(name, absent=_flag(_get(p, "Participate")) is False,
                                      function=_get(p, "RoleInMeeting") or None))
    for p in _all(meeting, "MeetingParticipantExternals/MeetingParticipantExternal"):
        name = _name(_get(p, "Name"))
        if name:
            people.append(Participant(name, absent=_flag(_get(p, "Participate")) is False,
                                      function=_get(p, "RoleInMeeting") or _get(p, "Title") or None))
    items: list[RecordItem] = []
    numbers: list[int | None] = []
    for el in _all(agenda, "AgendaElements/AgendaElement"):
        items.append(_edoc_item(el, kind, day))
        numbers.append(_int(_get(el, "HandlingItem/SerialNo")))
    record = MeetingRecord(body=_get(committee, "Name") or None, date=day, kind=kind, start_time=clock,
                           place=_get(meeting, "MeetingLocation") or None, participants=people,
                           items=_numbered(items, numbers), source_format=EDOC)
    return record, None


def _edoc_output_kind(value: str) -> str | None:
    """eDoc OutputTypeEnumName: "Agenda" is the agenda, any other output the minutes (as the
    importer of the publishing system reads it)."""
    if not value:
        return None
    return "DAGSORDEN" if value.casefold() == "agenda" else (_kind_word(value) or "REFERAT")


def _edoc_item(el: ET.Element, kind: str | None, day: date | None) -> RecordItem:
    hi = _child(el, "HandlingItem")
    fields = []
    for cp in _all(hi, "CasePresentations/CasePresentation"):
        content = _text(_child(cp, "Content"))
        if not _is_empty_html(content):
            fields.append((_get(cp, "Title"), _content_html(content)))
    has_decision = any(_flag(_get(cp, "IsDecision")) for cp in _all(hi, "CasePresentations/CasePresentation")
                       if not _is_empty_html(_text(_child(cp, "Content"))))
    history = []
    for h in _all(hi, "HandlingPlan/Handling"):
        decision = _text(_child(h, "Decision"))
        if _is_empty_html(decision):
            continue
        when, _ = _when(_get(h, "MeetingDate"))
        if _get(h, "Placement").casefold() == _EDOC_THIS:
            # the decision of this meeting: minutes only (an agenda's placeholder is no decision)
            if kind == "REFERAT" and not has_decision:
                fields.append((_label("decision", "Beslutning"), _content_html(decision)))
        elif when is not None and (day is None or when < day):
            history.append((_get(h, "CommitteeName"), when.strftime("%d.%m.%Y"), _content_html(decision)))
    if history:
        fields.append((_label("history", "Sagsforløb"), _history_html(history)))
    attachments = sorted(_all(hi, "Attachments/Attachment"),
                         key=lambda a: (_int(_get(a, "AttachmentNumber")) or 0))
    absent = []
    for a in _child(el, "Absences") if _child(el, "Absences") is not None else []:
        name = _name(_get(a, "Name") or _text(a))
        if name:
            absent.append(Participant(name, absent=True))
    title = _get(hi, "Title") or _get(hi, "NeutralTitle")
    public = _flag(_get(el, "AccessIsPublic"))
    return RecordItem(number=0, title=" ".join(title.split()), case_number=_get(hi, "CaseNumber") or None,
                      closed=public is False, fields=fields,
                      attachments=[t for t in (_get(a, "Title") for a in attachments) if t], participants=absent)


def _edoc_files(root: ET.Element) -> list[str]:
    return [_get(a, "Link") for a in root.iter() if _local(a.tag) == "Attachment" and _get(a, "Link")]


# --- files an export references ------------------------------------------------------------

def renderings(xml_path: Path, raw: bytes) -> list[Path]:
    """The HTML rendering a publishing system writes beside its export under the same name
    (eDoc's ``<id>.html`` beside ``<id>.xml``): the same meeting again, not a second one."""
    try:
        if _kind_of(_parse(raw)) not in (SBSYS, EDOC):
            return []
    except ReadError:
        return []
    return [p for p in (xml_path.with_suffix(".html"), xml_path.with_suffix(".htm")) if p.is_file()]


def claimed_files(xml_path: Path, raw: bytes) -> list[Path]:
    """The files beside an SBSYS / eDoc export that the export itself references (enclosures,
    attachments, images) and that exist, inside the export's folder; ``[]`` for any other file.
    Names are matched without regard to case ("…-1.pdf" is the "…-1.PDF" on disk).

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()); (d / "Enclosures").mkdir()
    >>> _ = (d / "Enclosures" / "1.PDF").write_bytes(b"%PDF")
    >>> xml = (b"<Publication><Agendas><Agenda><Enclosures><Enclosure><InstantiationFilePathRelative>"
    ...        b"Enclosures\\\\1.pdf</InstantiationFilePathRelative></Enclosure><Enclosure>"
    ...        b"<InstantiationFilePathRelative>Enclosures\\\\2.pdf</InstantiationFilePathRelative>"
    ...        b"</Enclosure></Enclosures></Agenda></Agendas></Publication>")
    >>> [p.relative_to(d).as_posix() for p in claimed_files(d / "Publication1.xml", xml)]
    ['Enclosures/1.PDF']
    """
    try:
        root = _parse(raw)
    except ReadError:
        return []
    kind = _kind_of(root)
    refs = _sbsys_files(root) if kind == SBSYS else _edoc_files(root) if kind == EDOC else []
    base = xml_path.parent
    found: dict[Path, None] = {}
    for ref in refs:
        path = _resolve(base, ref)
        if path is not None and path != xml_path:
            found[path] = None
    return list(found)


def _resolve(base: Path, ref: str) -> Path | None:
    """``ref`` (Windows or POSIX separators, maybe a leading separator) as an existing file under
    ``base``, each part matched without regard to case; None when absent or outside ``base``."""
    parts = [p for p in re.split(r"[\\/]+", ref.strip()) if p and p != "."]
    if not parts or any(p == ".." for p in parts) or re.match(r"^[A-Za-z]:$", parts[0]):
        return None
    here = base
    for part in parts:
        exact = here / part
        try:
            found = exact.exists()
        except OSError:  # a name longer than the file system allows, …: no such file
            return None
        if found:
            here = exact
            continue
        try:
            match = next((c for c in here.iterdir() if c.name.casefold() == part.casefold()), None)
        except OSError:
            return None
        if match is None:
            return None
        here = match
    return here if here.is_file() else None

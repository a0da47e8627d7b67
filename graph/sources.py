"""Read minutes from files, folders and globs into :class:`SourceDocument`s.

Nothing here is fatal: every input that cannot be read becomes a
:class:`Problem` naming the file and a reason a user understands, and the rest
is read as usual.
"""
from __future__ import annotations

import glob as _glob
import hashlib
import os
import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from graph import datafiles
from graph.model import Problem, SourceDocument

from graph.readers import SUPPORTED_SUFFIXES  # noqa: E402  (one list, owned by the readers)

# Share of control characters (other than tab / newline / carriage return) above
# which decoded text is treated as binary: real minutes have practically none.
_CONTROL_SHARE_BINARY = 0.10
IGNORED = "ignored"  # severity of files a folder holds that are not minutes (hidden, other formats)


def default_corpus() -> Path:
    """The bundled sample corpus folder (``graph/data/corpus``), also when installed."""
    try:
        from importlib.resources import files

        root = files("graph") / "data" / "corpus"
        path = Path(str(root))
        if path.is_dir():
            return path
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - odd installs
        pass
    return Path(__file__).resolve().parent / "data" / "corpus"


def read_sources(
    inputs: Iterable[str | Path],
    progress: Callable[[str], object] | None = None,
) -> tuple[list[SourceDocument], list[Problem]]:
    """Read every supported file named by ``inputs`` (files, folders, globs).

    Returns the documents sorted by ``doc_id`` and the problems met on the way.
    Folders are walked recursively; hidden files and folders and files of other
    formats inside them are not read but listed as "ignored" problems, so report.json
    accounts for every file; a file named explicitly with an unsupported extension
    is a problem. ``progress(doc_id)`` is called once per file read.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_bytes("Punkt 1: Æbler\\r\\n".encode("utf-8"))
    >>> docs, problems = read_sources([d])
    >>> [(x.doc_id, x.text, x.encoding) for x in docs], problems
    ([('a.txt', 'Punkt 1: Æbler\\n', 'utf-8')], [])
    """
    units, problems = discover(inputs)
    docs: dict[str, SourceDocument] = {}
    for doc_id, path in units:
        doc, problem = read_document(path, doc_id)
        if progress is not None:
            progress(doc_id)
        if problem is not None:
            problems.append(problem)
        if doc is not None:
            docs[doc_id] = doc
    return [docs[k] for k in sorted(docs)], problems


def discover(inputs: Iterable[str | Path]) -> tuple[list[tuple[str, Path]], list[Problem]]:
    """The files ``inputs`` name, as ``(doc_id, path)`` pairs to read, and the problems met.

    Cheap (no file is read but exports, for the files they claim): the build plans its work
    from this list, then reads each pair on its own, in any process, in any order.
    """
    candidates: list[tuple[str, Path]] = []  # (doc_id, path)
    problems: list[Problem] = []
    for raw in inputs:
        candidates.extend(_expand(str(raw), problems))
    return _claim_export_files(_unique_ids(candidates), problems), problems


def read_document(path: Path, doc_id: str | None = None) -> tuple[SourceDocument | None, Problem | None]:
    """Read one file. Returns ``(document, None)``, ``(None, problem)`` or, for a
    file read with doubts, ``(document, warning)``."""
    doc_id = doc_id or path.name
    name = doc_id  # problems carry the same name as documents, so report.json is one list keyed alike
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        reason = "broken symbolic link" if path.is_symlink() else "file not found"
        return None, Problem(name, reason)
    except IsADirectoryError:
        return None, Problem(name, "is a directory, not a file")
    except OSError as exc:
        return None, Problem(name, f"cannot read file: {exc.strerror or exc}")
    sha = hashlib.sha256(raw).hexdigest()
    from graph.readers import ReadError, read_bytes

    try:
        read = read_bytes(raw, path)
    except ReadError as exc:
        return None, Problem(name, exc.reason)
    except Exception as exc:  # a reader's bug must not end the build: the file is reported, the rest read
        return None, Problem(name, f"could not be read ({type(exc).__name__}: {str(exc)[:200]})")
    text = normalise_text(read.text)
    if not text.strip():
        return None, Problem(name, "empty file")
    if len(text) != len(read.text) and read.blocks:  # pragma: no cover - readers compose NFC text
        return None, Problem(name, f"{read.reader} reader produced text that changes under NFC")
    doc = SourceDocument(doc_id=doc_id, path=path, text=text, encoding=read.encoding, sha256=sha,
                         reader=read.reader, blocks=read.blocks, meta=read.meta)
    return doc, (Problem(name, read.warning, "warning") if read.warning else None)


def export_parts(path: Path, raw: bytes | None = None) -> list[tuple[Path, str]]:
    """The files read together with ``path`` (an SBSYS / eDoc export's attachments and HTML
    rendering, an archive record's metadata and files part), each with what it is; [] for
    a file read alone. The build's cache keys a document by these files' content too."""
    from graph.readers.archive import DECISIONS, claimed_by_decisions
    from graph.readers.publication_xml import claimed_files, renderings

    if path.name.lower().endswith(DECISIONS):
        return [(p, "case record part") for p in claimed_by_decisions(path)]
    if path.suffix.lower() != ".xml":
        return []
    try:
        raw = path.read_bytes() if raw is None else raw
        return [(p, "attachment") for p in claimed_files(path, raw)] + [(p, "HTML rendering") for p in renderings(path, raw)]
    except Exception:  # unreadable or damaged: it claims nothing, and its own reading says why
        return []


def _claim_export_files(candidates: list[tuple[str, Path]], problems: list[Problem]) -> list[tuple[str, Path]]:
    """Leave out the files a publication export (SBSYS / eDoc XML) names as its attachments, and
    its HTML rendering, and the metadata and files parts of an archive case record's decisions
    file: each is reported as belonging to the export, not read as minutes."""
    owner: dict[str, tuple[str, str]] = {}  # identity of a claimed file -> (export doc_id, what it is)
    for doc_id, path in candidates:
        for p, what in export_parts(path):
            owner.setdefault(_identity(p), (doc_id, what))
    kept = []
    for doc_id, path in candidates:
        claim = owner.get(_identity(path))
        if claim is None:
            kept.append((doc_id, path))
        else:
            problems.append(Problem(doc_id, f"{claim[1]} of {claim[0]}: read with that export, not as minutes",
                                    "belongs-to-export"))
    return kept


_BOMS = ((b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\xef\xbb\xbf", "utf-8-sig"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))  # UTF-32 first: its LE mark begins like UTF-16's
# A stray NUL byte or two in a text file is damage, not a sign of binary data: they are removed
# (and said so) while there are no more than eight or they stay below this share of the bytes.
_NUL_SHARE_DAMAGE = 0.01


def decode_bytes(raw: bytes) -> tuple[str | None, str, str]:
    """Decode file bytes: a byte-order mark (UTF-8, UTF-16, UTF-32), else UTF-16 / UTF-32 told by
    where their zero bytes fall, else UTF-8, else cp1252.

    Returns ``(text, encoding, note)``: ``note`` is empty, or says what was doubtful about text
    that was read (stray NUL bytes removed); ``(None, "", reason)`` for binary data.

    >>> decode_bytes("Mødested".encode("cp1252"))[:2]
    ('Mødested', 'cp1252')
    >>> decode_bytes(b"\\xef\\xbb\\xbfM\\xc3\\xb8de")[:2]
    ('Møde', 'utf-8-sig')
    >>> decode_bytes("Møde".encode("utf-16-le"))[:2]
    ('Møde', 'utf-16-le')
    >>> decode_bytes(b"Punkt 1:\\x00 M\\xc3\\xb8de")
    ('Punkt 1: Møde', 'utf-8', '1 NUL byte removed')
    >>> decode_bytes(b"\\x00\\x01\\x02PK")
    (None, '', 'binary file')
    """
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return _checked(raw.decode(codec), codec)
            except UnicodeDecodeError:
                return None, "", f"binary file (starts with a {codec.upper()} byte-order mark but does not decode as {codec.upper()})"
    note = ""
    nuls = raw.count(b"\x00")
    if nuls:
        wide = _wide_encoding(raw)
        if wide:
            try:
                return _checked(raw.decode(wide), wide)
            except UnicodeDecodeError:
                pass
        if nuls > max(8, _NUL_SHARE_DAMAGE * len(raw)):
            return None, "", "binary file"
        raw = raw.replace(b"\x00", b"")
        note = f"{nuls} NUL byte{'s' if nuls > 1 else ''} removed"
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return _checked(text, encoding, note)
    return None, "", "binary file"  # pragma: no cover - latin-1 decodes every byte


def _wide_encoding(raw: bytes) -> str | None:
    """UTF-16 / UTF-32 without a byte-order mark, told by the zero high bytes of Latin text."""
    sample = raw[:65536]
    n = len(sample)
    if n < 4:
        return None

    def zero_share(start: int, step: int) -> float:
        part = sample[start::step]
        return part.count(0) / max(len(part), 1)

    if len(raw) % 4 == 0 and zero_share(2, 4) > 0.95 and zero_share(3, 4) > 0.95 and zero_share(0, 4) < 0.5:
        return "utf-32-le"
    if len(raw) % 4 == 0 and zero_share(0, 4) > 0.95 and zero_share(1, 4) > 0.95 and zero_share(3, 4) < 0.5:
        return "utf-32-be"
    if len(raw) % 2 == 0 and zero_share(1, 2) > 0.5 and zero_share(0, 2) < 0.05:
        return "utf-16-le"
    if len(raw) % 2 == 0 and zero_share(0, 2) > 0.5 and zero_share(1, 2) < 0.05:
        return "utf-16-be"
    return None


def _checked(text: str, encoding: str, note: str = "") -> tuple[str | None, str, str]:
    if _mostly_control(text):
        return None, "", "binary file"
    return text, encoding, note


def normalise_text(text: str) -> str:
    """NFC-normalise and turn CRLF / CR line ends into ``\\n``.

    >>> normalise_text("Mo\\u0308de\\r\\nx\\ry")
    'Möde\\nx\\ny'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


# Unicode category Cc (C0, DEL, C1) but tab, line feed, form feed and carriage return: one regex
# pass instead of a category lookup per character (a tenth of the time on a 15 KB referat).
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _mostly_control(text: str) -> bool:
    r"""
    >>> _mostly_control("a\tb\n"), _mostly_control("\x00\x01ab"), _mostly_control("\x85" * 9 + "a")
    (False, True, True)
    """
    if not text:
        return False
    return len(_CONTROL.findall(text)) / len(text) > _CONTROL_SHARE_BINARY


def join_pages(pages: list[str]) -> str:
    """The pages' texts as one text: a blank line between pages (a page break ends a paragraph),
    but a single line break where a sentence runs on over the break (the page ends without
    closing punctuation and the next starts in lower case), so the sentence stays one.

    >>> join_pages(["Han har talt", "med os.", "Ny side"])
    'Han har talt\\nmed os.\\n\\nNy side'
    """
    out = ""
    for page in pages:
        if not page.strip():
            continue
        if out:
            runs_on = not out.rstrip().endswith((".", "!", "?", ":", ";")) and page.lstrip()[:1].islower()
            out += "\n" if runs_on else "\n\n"
        out += page
    return out


@lru_cache(maxsize=1)
def _page_mark() -> re.Pattern[str]:
    # A page's running footer or header with its number ("Side 2 af 5", "Byrådet 12.03.2019 - Side 2");
    # the words come from graph/data/page_markers.txt.
    words = {"page": [], "of": []}
    for word, role in datafiles.rows("page_markers.txt"):
        words[role].append(re.escape(word))
    page = "|".join(sorted(words["page"], key=len, reverse=True))
    of = "|".join(sorted(words["of"] + ["/"], key=len, reverse=True))
    return re.compile(rf"^(?:[^\n]{{0,100}}?(?:\s[-–|]|,)\s+)?(?:{page})\s+\d+(?:\s*(?:{of})\s*\d+)?$",
                      re.IGNORECASE)


def is_page_mark(line: str) -> bool:
    """True for a page-number line of page furniture (one definition for reading and parsing).

    >>> is_page_mark("Side 2 af 5"), is_page_mark("Økonomiudvalget 12.03.2019 - Side 2"), is_page_mark("Side 2 i sagen")
    (True, True, False)
    """
    return _page_mark().match(line.strip()) is not None


def drop_page_marks(page: str, number: int | None = None) -> str:
    """A page's text without a page-number line at its top or bottom: page furniture left
    in would run into the section that crosses the page break (a decision ending in "Side 2").
    With the page's ``number``, a bare number equal to it there goes too ("3" at the foot).

    >>> drop_page_marks("Tekst\\n3", 3), drop_page_marks("Tekst\\n3", 4)
    ('Tekst', 'Tekst\\n3')
    """
    lines = page.strip("\n").split("\n")

    def mark(line: str) -> bool:
        return is_page_mark(line) or (number is not None and line.strip() == str(number))

    if lines and mark(lines[-1]):
        lines.pop()
    if lines and mark(lines[0]):
        lines.pop(0)
    return "\n".join(lines).strip("\n")


# How many lines at the top and at the bottom of a page hold running headers and footers
# ("<Udvalg> / Referat / Åbent referat / Dato: 04.12.2012 / Side 2": up to five lines).
_EDGE_LINES = 5


def furniture_key(line: str) -> str:
    """The form running headers and footers are compared in: spaces collapsed, case folded, and
    in a page-number line digits as ``#``, so "Side 3 af 9" and "Side 4 af 9" (or "Udvalget
    11.02.2025 - Side 2" and "... - Side 3") match. Other lines must repeat with their digits:
    "Punkt 3" atop one page and "Punkt 4" atop the next are items, not a header.

    >>> furniture_key("  Udvalget 11.02.2025 -  Side 2"), furniture_key("Punkt 3")
    ('udvalget #.#.# - side #', 'punkt 3')
    """
    if is_page_mark(line):
        line = re.sub(r"\d+", "#", line)
    return re.sub(r"\s+", " ", line).strip().casefold()


@lru_cache(maxsize=1)
def _heading_keys() -> frozenset[str]:
    # Section headings may open or close many pages of an item-per-page layout: never furniture.
    return frozenset(row[0].rstrip(" *").casefold() for row in datafiles.rows("headings.tsv"))


def _is_heading_key(line: str) -> bool:
    """A section heading, listed or of a listed form ("Beslutning i Byrådet den 06-10-2016")."""
    from graph.structure.headings import heading_role  # late: structure imports this module

    return furniture_key(line).rstrip(":") in _heading_keys() or heading_role(line) is not None


def _states_absence(line: str) -> bool:
    from graph.structure.attendance import states_absence  # late: structure imports this module

    return states_absence(line)


def _may_be_furniture(line: str, heading_ok: bool = False) -> bool:
    """A line that could be a running header or footer: some words (not a journal number
    or a bare list number), not a sentence or a part of one ("Godkendt.", "indstiller,"),
    not a section heading (unless ``heading_ok``: "Referat" inside a header block)."""
    key = furniture_key(line)
    if sum(ch.isalpha() for ch in key) < 3 or line.lstrip()[:1].islower():
        return False  # a continued sentence starts in lower case
    if not heading_ok and _is_heading_key(line):
        return False
    if _states_absence(line):
        return False  # "Fraværende: …" closes many decisions, so it may repeat at page edges: content
    return is_page_mark(line) or not key.endswith((".", "!", "?", ",", ";"))


def _edges(lines: list[str]) -> tuple[list[int], list[int]]:
    """Indexes of the first and the last ``_EDGE_LINES`` non-blank lines of a page."""
    filled = [n for n, ln in enumerate(lines) if ln.strip()]
    return filled[:_EDGE_LINES], filled[-_EDGE_LINES:] if len(filled) > _EDGE_LINES else []


def running_keys(pages: list[str]) -> set[str]:
    """Keys (:func:`furniture_key`) of lines that stand among the first or last three lines of
    at least half of the pages, and of at least two: running headers and footers."""
    count: dict[str, int] = {}
    for page in pages:
        lines = page.split("\n")
        top, bottom = _edges(lines)
        keys = {furniture_key(lines[n]) for n in top + bottom if _may_be_furniture(lines[n], heading_ok=True)}
        for key in keys:
            count[key] = count.get(key, 0) + 1
    need = max(2, (len(pages) + 1) // 2)
    return {key for key, c in count.items() if c >= need}


def drop_running_lines(pages: list[str]) -> list[str]:
    r"""The pages without their running headers and footers (see :func:`running_keys`).

    Only the lines that run from a page's edge inwards are dropped (with page-number lines
    among them), each key once per edge: a line of the minutes that happens to repeat near
    the top of many pages ("Direktøren for ... indstiller") stays when text stands above it,
    and a page-1 title that repeats the running header right below it is the document's own.
    On page 1 only the very first line is taken for a running header, unless the header block
    there carries the page number, so the title block of the minutes (body, kind) stays when it
    merely reads like the header of the later pages.

    >>> pages = ["Kommune X - Referat\nREFERAT\nUdvalget\nTekst\nSide 1 af 2",
    ...          "Kommune X - Referat\nMere tekst\nSide 2 af 2"]
    >>> drop_running_lines(pages)
    ['REFERAT\nUdvalget\nTekst', 'Mere tekst']
    """
    keys = running_keys(pages)
    if not keys:
        return pages
    out = []
    for page_no, page in enumerate(pages):
        lines = page.split("\n")
        filled = [n for n, ln in enumerate(lines) if ln.strip()]
        drop: set[int] = set()
        for top, run in ((True, filled[:_EDGE_LINES]), (False, filled[::-1][:_EDGE_LINES])):
            seen: set[str] = set()
            taken: list[int] = []
            for n in run:
                key = furniture_key(lines[n])
                if n in drop or not (is_page_mark(lines[n]) or (key in keys and key not in seen
                                                                 and _may_be_furniture(lines[n], heading_ok=True))):
                    break
                seen.add(key)
                taken.append(n)
            # a section heading may sit inside a header block ("Udvalget / Referat / Dato: …"), but
            # one that ends the run is the page's first heading ("Beslutning" atop every page)
            while taken and _is_heading_key(lines[taken[-1]]) and not is_page_mark(lines[taken[-1]]):
                taken.pop()
            if top and page_no == 0:
                # page 1: its title block may read like the later pages' header; only a block that
                # carries the page number ("Side 1 af 3") is the running header there too
                marks = [k for k, n in enumerate(taken) if is_page_mark(lines[n])]
                taken = taken[:marks[-1] + 1] if marks else taken[:1]
            drop.update(taken)
        out.append("\n".join(ln for n, ln in enumerate(lines) if n not in drop))
    return out


def _expand(raw: str, problems: list[Problem]) -> list[tuple[str, Path]]:
    """Turn one input (file, folder or glob) into ``(doc_id, path)`` pairs."""
    path = Path(raw)
    if _glob.has_magic(raw) and not path.exists():
        base = _glob_base(raw)
        matches = sorted(Path(m) for m in _glob.glob(raw, recursive=True))
        files = [m for m in matches if m.is_file() and m.suffix.lower() in SUPPORTED_SUFFIXES]
        problems.extend(Problem(_rel_id(m, base), f"not a format of minutes ('{m.suffix or '(no ending)'}'), not read", IGNORED)
                        for m in matches if m.is_file() and m.suffix.lower() not in SUPPORTED_SUFFIXES)
        if not files:
            problems.append(Problem(raw, "no readable files (" + ", ".join(SUPPORTED_SUFFIXES) + ") match this pattern"))
        return [(_rel_id(m, base), m) for m in files]
    if path.is_dir():
        found: list[tuple[str, Path]] = []
        for dirpath, dirnames, filenames in os.walk(path, onerror=lambda e: problems.append(
                Problem(_shown(str(e.filename or path)), f"cannot list folder: {e.strerror or e}"))):
            for dn in sorted(d for d in dirnames if d.startswith(".")):  # .git, .cache: not minutes
                problems.append(Problem(_rel_id(Path(dirpath) / dn, path) + "/", "hidden folder, not searched", IGNORED))
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for fn in sorted(filenames):
                p = Path(dirpath) / fn
                if fn.startswith("."):
                    problems.append(Problem(_rel_id(p, path), "hidden file, not read", IGNORED))
                elif p.suffix.lower() not in SUPPORTED_SUFFIXES:
                    problems.append(Problem(_rel_id(p, path), f"not a format of minutes ('{p.suffix or '(no ending)'}'), not read", IGNORED))
                else:
                    found.append((_rel_id(p, path), p))
        if not found:
            problems.append(Problem(raw, "no readable files (" + ", ".join(SUPPORTED_SUFFIXES) + ") in this folder", "warning"))
        return found
    if path.is_symlink() and not path.exists():
        problems.append(Problem(raw, "broken symbolic link"))
        return []
    if not path.exists():
        problems.append(Problem(raw, "file not found"))
        return []
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        problems.append(Problem(raw, f"unsupported file type '{path.suffix or '(none)'}' (use " + ", ".join(SUPPORTED_SUFFIXES) + ")"))
        return []
    return [(_shown(path.name), path)]


def _glob_base(pattern: str) -> Path:
    """The folder part of a glob before its first wildcard."""
    parts = Path(pattern).parts
    base: list[str] = []
    for part in parts:
        if _glob.has_magic(part):
            break
        base.append(part)
    return Path(*base) if base else Path(".")


def _rel_id(path: Path, base: Path) -> str:
    try:
        return _shown(path.relative_to(base).as_posix())
    except ValueError:
        return _shown(path.name)


def _shown(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 (kept by Python as lone surrogates, which
    no IRI, JSON or terminal takes) are written as ``\\xff`` escapes, so distinct names stay distinct.

    >>> _shown(os.fsdecode(b"bad-\\xff.txt"))
    'bad-\\\\xff.txt'
    """
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")


def _identity(path: Path) -> str:
    try:
        return str(path.resolve())
    except OSError:
        return str(path.absolute())


def _unique_ids(candidates: list[tuple[str, Path]]) -> list[tuple[str, Path]]:
    """One ``(doc_id, path)`` per file, with ids that do not depend on the order of the inputs.

    The same file named twice (by a folder and a glob) is kept once, under its shortest id.
    Different files sharing a relative name (``a/x.txt`` and ``b/x.txt`` given as two
    folders) are all qualified alike, with as many parent folder names as make them distinct.
    """
    by_file: dict[str, tuple[str, Path]] = {}
    for doc_id, path in candidates:
        key = _identity(path)
        if key not in by_file or (len(doc_id), doc_id) < (len(by_file[key][0]), by_file[key][0]):
            by_file[key] = (doc_id, path)
    groups: dict[str, list[tuple[str, Path]]] = {}
    for key in sorted(by_file):
        doc_id, path = by_file[key]
        groups.setdefault(doc_id, []).append((key, path))
    final: dict[str, tuple[str, Path]] = {}  # file key -> (doc_id, path)
    taken = {doc_id for doc_id, members in groups.items() if len(members) == 1}
    for doc_id in sorted(groups):
        members = groups[doc_id]
        if len(members) == 1:
            final[members[0][0]] = (doc_id, members[0][1])
            continue
        ids = _qualified_ids(doc_id, [p for _, p in members], taken)
        taken.update(ids)
        for (key, path), new_id in zip(members, ids):
            final[key] = (new_id, path)
    # read in the order the inputs named the files
    order = {key: n for n, key in enumerate(dict.fromkeys(_identity(p) for _, p in candidates))}
    return [final[key] for key in sorted(final, key=order.__getitem__)]


def _qualified_ids(doc_id: str, paths: list[Path], taken: set[str]) -> list[str]:
    """``doc_id`` prefixed with the last 1, 2, … folder names above it, until all differ."""
    depth = len(Path(doc_id).parts)
    folders = [Path(os.path.abspath(p)).parts[1:-depth] for p in paths]  # without the root
    for k in range(1, max(len(f) for f in folders) + 1):
        ids = ["/".join([*f[-k:], doc_id]) for f in folders]
        if len(set(ids)) == len(ids) and not taken.intersection(ids):
            return ids
    # not even the full paths differ (cannot happen for files on one disk): number them
    return [f"{doc_id}~{n}" for n in range(1, len(paths) + 1)]

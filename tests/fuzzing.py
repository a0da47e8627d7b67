"""A deterministic mutation generator of hostile minutes, shared by tests/test_fuzz.py (a few
hundred small documents) and benchmarks/fuzz_long.py (thousands, up to a few MB each).

:func:`mutations` ``(seed, n)`` yields :class:`Mutant`\\ s; each unpacks as ``(name, bytes,
suffix)`` and also says its ``kind``. Document ``i`` of a seed depends only on ``(seed, i,
max_size, full_share)`` (its own ``random.Random`` seeded by a string, which Python hashes with
SHA-512, so neither ``PYTHONHASHSEED`` nor ``n`` changes it): a fixed seed gives identical bytes
every run, and :func:`mutant` rebuilds any single document of a run from its index.

Documents start from the bundled sample minutes (graph/data/corpus/albertslund-chefforum: a whole
file now and then, mostly its header with one to three items) and from the small invented minutes
in :data:`HANDMADE`. The kinds (:data:`KINDS`, taken in a seed-shuffled round robin, so every kind
comes up in a run of ``len(KINDS)`` documents) are:

* text mutations: line shuffles, duplication and deletion, hostile strings (console markup,
  emoji codes, HTML / JS, Turtle syntax, control characters, U+FFFE, bidi marks, combining
  marks), garbled case numbers of every scheme, impossible dates, odd line ends;
* sized ones (``max_size`` bounds them): long lines and long tokens, many "Punkt N:" items (with
  numbers of 1000 and more), floods of attendance names, repeated headings, nested repetition,
  stacks of combining marks;
* byte mutations of any format: byte flips, truncation at a random point, invalid UTF-8, NUL
  bytes, re-encoding (cp1252, UTF-16 LE / BE with and without BOM, UTF-32, ...), binary junk;
* other formats, valid and broken: HTML with hostile tags, Markdown, FirstAgenda JSON (also with
  fields of the wrong type) and broken JSON, city-archive decisions, SBSYS and eDoc XML and broken
  XML, PDF (made with fpdf2) and broken PDF, DOCX (made with python-docx) and broken zip files;
* file names: console markup, spaces, non-UTF-8 bytes (``os.fsdecode``), a leading dot (hidden
  file or folder), odd or wrong extensions. A ``name`` may hold ``/``: a sub-folder.

Nothing here reads ../shared.
"""
from __future__ import annotations

import datetime as _dt
import html as _html
import io
import json
import logging
import os
import random
import re
import textwrap
import warnings
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator
from xml.sax.saxutils import escape as _xml_escape

REPO = Path(__file__).resolve().parents[1]
SAMPLE_DIR = REPO / "graph" / "data" / "corpus" / "albertslund-chefforum"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
EDOC_NS = "http://www.fujitsu.dk/agenda/xml/schemas/2009/03/31/"
FIXED_TIME = _dt.datetime(2016, 3, 17, 9, 0, tzinfo=_dt.timezone.utc)

# --- base documents ------------------------------------------------------------------------------
# Invented minutes of several layouts (no real people): Punkt items with sections, a numbered
# layout with "Sagsnr." labels and another body's decision, a town council with votes and
# recusals, an agenda with EMN numbers.

HANDMADE = (
    """REFERAT Testudvalget d. 04-03-2024

Mødedato Mandag d. 4. marts 2024 kl. 16:00

Mødested Mødelokale 2

Medlemmer: Anne Hansen (A) (formand), Bo Jensen (V), Carla Nielsen (F)

Afbud: Dorte Madsen (C)

Punkt 1: Godkendelse af dagsorden

00.01.00-A00-3-24

Indstilling

Direktøren for Økonomi & Stab indstiller,

1. at dagsordenen godkendes.

Beslutning

Godkendt.

Punkt 2: Budget 2025 for skoleområdet

00.30.10-S00-12-24

Sagsfremstilling

Budgettet for skoleområdet er på 12,5 mio. kr. Sagen skal behandles i Økonomiudvalget den 11-03-2024.

Indstilling

Chefen for Skoler & Uddannelse indstiller,

1. at budgettet godkendes
2. at sagen sendes videre til Byrådet.

Beslutning

Anbefalet. Bo Jensen (V) stemte imod.

Bilag

Budgetoversigt 2025
""",
    """Økonomiudvalget

Referat fra mødet den 12.03.2019 kl. 08:30

Til stede: Erik Larsen, Frida Holm, Gustav Berg

Fraværende: Hanne Lund

1. Regnskab 2018

Sagsnr.: 19/01234

Resume

Regnskabet viser et overskud på 3 mio. kr.

Beslutning i Byrådet den 05-02-2019

Taget til efterretning.

Beslutning

Regnskabet blev godkendt.

2. Strategi for klima og miljø

Sagsnr.: EMN-2019-004321

Sagsforløb

Udvalg: Teknik- og Miljøudvalget
Dato: 04-02-2019
Sagen blev sendt i høring.

Beslutning

Strategien blev vedtaget. Frida Holm deltog ikke i behandlingen af punktet.
""",
    """DAGSORDEN Byrådet 21-09-2016

Mødested: Rådhuset, byrådssalen

Deltagere: Ida Krogh, Jens Mortensen, Karen Vestergaard, Lars Dahl

Punkt 1: Lokalplan 123 for boliger ved stationen

Sagsnr. 2016-012345

Baggrund

Teknik- og Miljøudvalget har behandlet sagen.

Indstilling

Direktionen indstiller,

1. at lokalplanen vedtages endeligt.

Punkt 2: Salg af grund (Lukket)

Punkt 3: Meddelelser

Sagsnr. 16/12345

Orientering om ny skolepolitik og sundhedspolitik.
""",
    """REFERAT Social- og Sundhedsudvalget d. 02-05-2022

Mødedato Mandag d. 2. maj 2022 kl. 15:00

Mødested Mødelokale 915

Medlemmer: Mette Skov (formand), Niels Bak, Ole Friis, Pia Lauridsen

Punkt 1: Kvalitetsstandard for hjemmepleje

21-014448

Indstilling

Afdelingschefen for Social & Familie indstiller,

1. at kvalitetsstandarden godkendes
2. at sagen genoptages på udvalgets møde den 6. juni 2022.

Beslutning

Godkendt. Inhabil: Ole Friis.

Niels Bak (V) tog forbehold.

Bilag

Kvalitetsstandard 2022

Punkt 2: Eventuelt

Intet.
""",
)

# --- hostile material ------------------------------------------------------------------------

MARKUP = ["[/]", "[bold]", "[/bold]", "[red]rød[/red]", "[link=file:///etc/passwd]link[/link]", "[udsat]",
          "[", "]", "[[", "\\[", "[bold red on white]", "[/link]", ":date:", ":smile:", ":cross_mark:", ":x:",
          "[@click=app.quit]klik[/]", "%s%n%x", "{0}", "{{ titel }}", "{% raw %}", "${jndi:ldap://x}"]
WEB = ["<script>alert(1)</script>", "</div>", "<div>", "</script><script>alert('x')</script>", "<!--", "-->",
       "<![CDATA[", "]]>", "&amp;", "&#0;", "&#xD800;", "&lt;b&gt;", "&nbsp;", "<img src=x onerror=alert(1)>",
       "<svg onload=alert(1)>", "</textarea>", "</title>", "<style>*{display:none}</style>", "javascript:alert(1)",
       "\"><script>", "'; DROP TABLE items; --", "</body></html>", "<iframe src=//x>", "<?xml version='1.0'?>"]
RDF = ['"""', "\"", "\\", "\\u0000", "\\U0010FFFF", "<http://example.org/x>", "> .", "@prefix x: <y> .", "_:b0",
       "^^xsd:date", "\"@da", "#", "}", "{", "\\n", "%00", "%2F..%2F", "../../etc/passwd", "a b\tc"]
CONTROL = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b[31m", "\x1b]8;;http://x\x1b\\", "\x7f", "\x85",
           "\x9b", "\u2028", "\u2029", "\ufffe", "\uffff", "\ufeff", "\u200b", "\u200c", "\u200d", "\u2060",
           "\u00ad", "\u180e", "\r", "\t", "\x1c", "\x1d", "\x1e", "\x1f"]
BIDI = ["\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
        "\u2069", "\u061c", "\u05d0\u05d1\u05d2", "\u0627\u0644\u0639\u0631\u0628\u064a\u0629"]
COMBINING = ["\u0301", "\u0300", "\u0308", "\u0327", "\u0336", "\u20dd", "\u034f", "\u0489", "\u1ab0", "\ufe20"]
WIDE = ["\U0001F600", "\U0001F1E9\U0001F1F0", "\U0010FFFF", "\U000E0001", "ｆｕｌｌ", "１２３", "²", "①", "٣", "ǅ",
        "ß", "İ", "ﬁ", "Å", "Å", "Æøå", "\u0130\u0307", "\U0001D400"]
HOSTILE = MARKUP + WEB + RDF + CONTROL + BIDI + WIDE + [c * 3 for c in COMBINING]
# byte sequences no UTF-8 decoder takes: a lone surrogate as CESU-8, overlong NUL and slash, a code
# point above U+10FFFF, lone continuation bytes, a cut multi-byte character, bytes never used
INVALID_UTF8 = [b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xc0\x80", b"\xc0\xaf", b"\xe0\x80\xaf", b"\xf4\x90\x80\x80",
                b"\x80", b"\xbf\xbf", b"\xe6\x97", b"\xc3", b"\xf0\x9f\x98", b"\xff", b"\xfe", b"\xf8\x88\x80\x80\x80"]

FIRST = ["Anne", "Bo", "Carla", "Dorte", "Erik", "Frida", "Gustav", "Hanne", "Ida", "Jens", "Karen", "Lars",
         "Mette", "Niels", "Ole", "Pia", "Søren", "Birgit", "René", "Åse", "Ægir", "Øjvind"]
LAST = ["Hansen", "Jensen", "Nielsen", "Madsen", "Larsen", "Holm", "Berg", "Lund", "Krogh", "Dahl", "Skov", "Bak",
        "Friis", "Lauridsen", "Mortensen", "Vestergaard", "Østergaard", "Ærø"]
PARTIES = ["A", "B", "C", "F", "O", "V", "Ø", "Å", "I", "K"]
HEADINGS = ["Indstilling", "Beslutning", "Sagsfremstilling", "Resume", "Bilag", "Sagsforløb", "Baggrund",
            "ØkonomiOgFinansiering", "Økonomi", "Beslutning i Økonomiudvalget den 21-09-2016"]
CASE_NUMBERS = [
    "00.01.00-A00-29-16", "00.01.00-A00-29-1616161616", "00.01.00-Ø00-29-16", "99.99.99-Z99-999999-99",
    "00.01.00-A00--16", "00.01.00-A00-29-", "00.01.00-A00-29-16-17-18", "00 01 00 A00 29 16", "00.01.00–A00–29–16",
    "００.０１.００-Ａ００-２９-１６", "00.01.00-[/]-29-16", "00.01.00-A00-29-16<script>", "0.0.0-A-0-0",
    "00.01.00-A00-" + "9" * 40 + "-16", "EMN-2025-001234", "EMN-0000-", "EMN-2025-" + "1" * 30, "emn-2025-001234",
    "2019-001234", "2019-" + "0" * 20, "1899-001234", "16/12345", "16/", "/12345", "16//12345", "99/" + "9" * 25,
    "21-014448", "21--014448", "21-014448Æ", "21-014448ZZ", "J.nr. [bold]00.01[/]", "Sagsnr.: ", "Sagsnr.: :date:",
    "Dok.nr. 123456", "Sagsnr. 16/12345 og 16/12346 og EMN-2025-1", "²¹-014448", "00.01.00-A00-29-16\u202e",
]
BAD_DATES = ["31-02-2016", "2016-13-45", "00-00-0000", "29-02-2017", "32-01-2016", "17-03-99999", "1-1-1",
             "9999-12-31", "0001-01-01", "17-03-2016 kl. 25:61", "31.04.2016", "17/03/2016", "2016-02-30",
             "17-13-2016", "-17-03-2016", "17-03-0", "１７-０３-２０１６", "17-03-2016-17-03-2016"]
BAD_DAYS = ["31. februar 2016", "32. marts 2016", "17. martz 2016", "0. januar 0", "29. februar 2017",
            "17. marts 99999", "17. [/] 2016", "17. :date: 2016", "17.. marts 2016", "99. december 9999"]
ENCODINGS = ["cp1252", "latin-1", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "bom+utf-16-le",
             "bom+utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "mixed-utf8-cp1252", "cp500", "mac-roman",
             "utf-16-odd", "utf-7", "cp850", "iso8859-15"]
BOMS = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}

HOSTILE_NAMES = [
    "[/]", "[bold]fed[/bold]", "[", "]", "[red]", ":date:", "a  b  c", " leading space", "trailing space ",
    "æøå ÆØÅ", "bad-\udcff\udcfe", "latin-\udce6\udcf8\udce5", "half-\udcc3", "new\nline", "tab\tname",
    "\u202eevil", "emoji-\U0001F600", "100%", "#hash", "?query", "back\\slash", "quote'\"", "<script>", "a:b",
    "-dash-start", "--help", "x" * 180, "CON", "nul", "x.", "..dots", "~tilde", "$HOME", "`id`", "*", "{a,b}",
    "\x1b[31mred", "[", "[/]" * 20, "ӕ\u0301\u0301\u0301", "\ufeffbom", "\u00a0nbsp", "Punkt 1: Budget",
]
# name → subfolder forms: a folder named "[" holding "].txt" made the document name console markup
FOLDER_NAMES = ["[", "[bold]", ":date:", "a b", "\udcff", "[/]", "Æ/Ø/Å", "deep/" * 12]
ODD_SUFFIXES = [".TXT", ".Txt", ".MD", ".HTM", ".HTML", ".Pdf", ".DOCX", ".JSON", ".XML", ".text", ".csv",
                ".txt.bak", ".txt~", "", ".pdf.txt", ".tar.gz", ".rtf", ".odt", ".doc", ".xlsx", ".eml", ".msg",
                ".zip", ". txt", ".txt ", ".tx", ".t\u0308xt"]


# --- the documents ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Mutant:
    """One generated document: ``name`` (file name without ``suffix``; ``/`` separates
    sub-folders; non-UTF-8 bytes as ``os.fsdecode`` surrogates), ``data``, ``suffix``, the
    ``kind`` that made it and its ``index`` in the run. Unpacks as ``(name, data, suffix)``."""
    name: str
    data: bytes
    suffix: str
    kind: str
    index: int

    def __iter__(self):
        return iter((self.name, self.data, self.suffix))

    @property
    def relpath(self) -> str:
        return self.name + self.suffix

    @property
    def size(self) -> int:
        return len(self.data)

    def write(self, folder: str | Path) -> Path:
        path = Path(folder) / self.relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.data)
        return path

    def report_ids(self) -> list[str]:
        """The ``path`` under which a folder build's report.json must list this file: its
        relative path (non-UTF-8 bytes as ``\\xff``), or the hidden folder it lies in ("x/")."""
        parts = self.relpath.split("/")
        for k, part in enumerate(parts[:-1]):
            if part.startswith("."):
                return [shown("/".join(parts[:k + 1]) + "/")]
        return [shown(self.relpath)]


def shown(name: str) -> str:
    """A file name as referatgraf shows it: bytes that are not UTF-8 written as ``\\xff``."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")


@dataclass
class _Ctx:
    rng: random.Random
    seed: int
    index: int
    max_size: int
    full_share: float
    order: tuple[str, ...]


# --- helpers -----------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def sample_texts() -> tuple[str, ...]:
    return tuple(p.read_text(encoding="utf-8") for p in sorted(SAMPLE_DIR.glob("*.txt")))


_PUNKT = re.compile(r"^Punkt\s+(\S+?):\s*(.*)$", re.M)
_CASE = re.compile(r"\d{2}\.\d{2}\.\d{2}-[A-ZÆØÅ]\d{2}-\d+-\d+|EMN-\d{4}-\d+|(?:19|20)\d{2}-\d{5,9}|\b\d{2}/\d{3,9}\b|\b\d{2}-\d{5,9}\b")
_DATE_NUM = re.compile(r"\b\d{1,2}[-.]\d{1,2}[-.]\d{4}\b")
_DATE_WORDS = re.compile(r"\b\d{1,2}\. (?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december) \d{4}\b")


def _size(c: _Ctx, lo: int = 200) -> int:
    """A size in [lo, max_size], log-uniform, max_size itself one time in five."""
    hi = max(lo + 1, c.max_size)
    if c.rng.random() < 0.2:
        return hi
    return int(lo * (hi / lo) ** c.rng.random())


def _base(c: _Ctx) -> str:
    """A starting document: a whole sample file (``full_share`` of the time), a sample file's
    header with one to three consecutive items, or one of the handmade minutes."""
    r = c.rng.random()
    samples = sample_texts()
    if r < c.full_share:
        return c.rng.choice(samples)
    if r < c.full_share + (1 - c.full_share) / 2:
        return c.rng.choice(HANDMADE)
    text = c.rng.choice(samples)
    starts = [m.start() for m in _PUNKT.finditer(text)]
    if not starts:
        return text
    k = c.rng.randrange(len(starts))
    n = c.rng.randint(1, 3)
    end = starts[k + n] if k + n < len(starts) else len(text)
    return text[:starts[0]] + text[starts[k]:end]


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _insert(rng: random.Random, text: str, pieces: list[str], k: int, at_lines: bool = False) -> str:
    """``k`` random ``pieces`` inserted at random places (line starts when ``at_lines``)."""
    if at_lines:
        lines = _lines(text)
        for _ in range(k):
            lines.insert(rng.randrange(len(lines) + 1), rng.choice(pieces))
        return "\n".join(lines)
    spots = sorted(rng.randrange(len(text) + 1) for _ in range(k))
    out, last = [], 0
    for s in spots:
        out += [text[last:s], rng.choice(pieces)]
        last = s
    out.append(text[last:])
    return "".join(out)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _header(rng: random.Random) -> str:
    body = rng.choice(["Chefforum", "Testudvalget", "Økonomiudvalget", "Byrådet", "Børne- og Ungeudvalget"])
    return f"REFERAT {body} d. 17-03-2016\n\nMødedato Torsdag d. 17. marts 2016 kl. 09:00\n\n"


def _item(n: object, rng: random.Random, title: str | None = None) -> str:
    case = rng.choice(CASE_NUMBERS[:1] + ["00.01.00-A00-3-24", "EMN-2025-001234", "16/12345", "21-014448", ""])
    return (f"Punkt {n}: {title or 'Sag ' + str(n)}\n\n" + (f"{case}\n\n" if case else "")
            + "Indstilling\n\nDirektøren indstiller,\n\n1. at sagen godkendes.\n\nBeslutning\n\nGodkendt.\n\n")


def _fit(text: str, size: int) -> str:
    return text if len(text) <= size else text[:size]


# --- text mutations (str → str) -----------------------------------------------------------------

def t_clean(c: _Ctx, text: str) -> str:
    return text


def t_line_shuffle(c: _Ctx, text: str) -> str:
    lines = _lines(text)
    if c.rng.random() < 0.5:
        c.rng.shuffle(lines)
    else:
        a = c.rng.randrange(len(lines))
        b = min(len(lines), a + c.rng.randint(2, 12))
        window = lines[a:b]
        c.rng.shuffle(window)
        lines[a:b] = window
    return "\n".join(lines)


def t_line_dup(c: _Ctx, text: str) -> str:
    lines = _lines(text)
    for _ in range(c.rng.randint(1, 8)):
        k = c.rng.randrange(len(lines))
        span = c.rng.choice([1, 1, 2, 5, 20])
        block = lines[k:k + span]
        lines[k:k] = block * c.rng.randint(1, 4)
    return "\n".join(lines)


def t_line_delete(c: _Ctx, text: str) -> str:
    lines = _lines(text)
    if c.rng.random() < 0.4:  # the structural lines: item heads, headings, the header
        keep = [ln for ln in lines if not (ln.startswith(("Punkt", "REFERAT", "Mødedato")) or ln.strip() in HEADINGS)
                or c.rng.random() < 0.5]
        return "\n".join(keep)
    for _ in range(c.rng.randint(1, max(1, len(lines) // 4))):
        if len(lines) > 1:
            del lines[c.rng.randrange(len(lines))]
    return "\n".join(lines)


def t_hostile_insert(c: _Ctx, text: str) -> str:
    return _insert(c.rng, text, HOSTILE, c.rng.randint(1, 30), at_lines=c.rng.random() < 0.3)


def t_hostile_title(c: _Ctx, text: str) -> str:
    """Hostile strings in what is shown to users: item titles, the body name, case numbers."""
    rng = c.rng
    pick = lambda: "".join(rng.choice(MARKUP + WEB + RDF + BIDI + WIDE) for _ in range(rng.randint(1, 4)))  # noqa: E731
    text = _PUNKT.sub(lambda m: f"Punkt {m.group(1)}: {pick()} {m.group(2)} {pick()}"
                      if rng.random() < 0.7 else m.group(0), text)
    text = re.sub(r"^(REFERAT|DAGSORDEN) (\S+)", lambda m: f"{m.group(1)} {pick()}{m.group(2)}{pick()}", text,
                  count=1, flags=re.M)
    if rng.random() < 0.5:
        text = _CASE.sub(lambda m: m.group(0) + pick(), text)
    if rng.random() < 0.3:
        text = "Punkt 1: [/]\n\nBeslutning\n\n[bold]Godkendt[/]\n\n" + text
    return text


def t_control_chars(c: _Ctx, text: str) -> str:
    return _insert(c.rng, text, CONTROL + BIDI, c.rng.randint(1, 40))


def t_combining_stack(c: _Ctx, text: str) -> str:
    size = _size(c, 50)
    rng = c.rng
    mode = rng.randrange(4)
    if mode == 0:  # one letter with a tall stack
        stack = "a" + "".join(rng.choice(COMBINING) for _ in range(size))
        return _insert(rng, text, [stack], 1)
    if mode == 1:  # a run of marks on a line of their own
        return _insert(rng, text, [rng.choice(COMBINING) * size], 1, at_lines=True)
    if mode == 2:  # zalgo over every letter of the titles
        z = lambda s: "".join(ch + "".join(rng.choice(COMBINING) for _ in range(rng.randint(1, 8))) for ch in s)  # noqa: E731
        return _fit(_PUNKT.sub(lambda m: f"Punkt {m.group(1)}: {z(m.group(2))}", text), len(text) + size)
    return _insert(rng, text, ["\u0301" * max(1, size // 20)], 20)


def t_long_line(c: _Ctx, text: str) -> str:
    """One line of ``size`` characters: a word repeated, a capitalised run (names), random words,
    TOC leader dots, digits, a sentence without end."""
    size = _size(c, 1000)
    rng = c.rng
    unit = rng.choice(["Godkendt ", "Anne Hansen ", "Direktøren Indstiller Chefforum ", "at ", "og, ", "1. at ",
                       ".....", "- ", "9", "Bilag ", "Punkt 1: ", "00.01.00-A00-29-16 ", "d. 17-03-2016 ",
                       "Formanden for Økonomiudvalget ", "(A) ", "v. Søren ", "kl. 09:00-10:00 "])
    if rng.random() < 0.3:
        words = [rng.choice(FIRST + LAST + HEADINGS + ["og", "at", "i", "den", "til", "for"]) for _ in range(200)]
        unit = " ".join(words) + " "
    line = (unit * (size // len(unit) + 1))[:size]
    where = rng.choice(["title", "body", "header", "alone"])
    if where == "title" and _PUNKT.search(text):
        m = _PUNKT.search(text)
        return text[:m.end()] + " " + line + text[m.end():]
    if where == "header":
        return text.replace("\n", " " + line + "\n", 1)
    return _insert(rng, text, [line], 1, at_lines=True)


def t_long_token(c: _Ctx, text: str) -> str:
    """One token of ``size`` characters without spaces (underscores, letters, digits, a URL,
    case-number-like pieces): the shape that made regular expressions backtrack."""
    size = _size(c, 1000)
    rng = c.rng
    unit = rng.choice(["a_", "_", "x", "A", "9", "A00-", "-.", "00.", "æ", "a-b_c.d/", "%41", "http://x.dk/",
                       "QUJD", "[", "<", "Punkt", "__init__", "Å_", "\u00ad", "ab_" * 3 + "c"])
    token = (unit * (size // len(unit) + 1))[:size]
    if rng.random() < 0.5:
        token = "Bilag_" + token + "_slut"
    return _insert(rng, text, [token], 1, at_lines=rng.random() < 0.5)


def t_many_punkt(c: _Ctx, text: str) -> str:
    """Many "Punkt N:" items: 1..N, a range across 1000, duplicates, descending, huge and odd numbers."""
    rng = c.rng
    size = _size(c, 400)
    count = max(3, size // 120)
    mode = rng.randrange(6)
    if mode == 0:
        numbers: list[object] = list(range(1, count + 1))
    elif mode == 1:  # across 1000 (items 1000-1002 were merged into 999)
        start = rng.choice([995, 998, 999, 9995, 99995])
        numbers = list(range(start, start + min(count, 12)))
    elif mode == 2:
        numbers = [rng.randint(1, 20) for _ in range(count)]  # duplicates
    elif mode == 3:
        numbers = list(range(count, 0, -1))
    elif mode == 4:
        numbers = [rng.choice([0, -1, 10 ** 30, "1.1", "1a", "²", "①", "٣", "IV", "1000000", "007", "1.000", ""])
                   for _ in range(min(count, 30))]
    else:  # long but with 1000+ numbers
        numbers = list(range(1, count + 1)) + [1000, 1001, 1002]
    body = "".join(_item(n, rng) for n in numbers)
    return _header(rng) + _fit(body, max(size, 2000))


def t_big_numbers(c: _Ctx, text: str) -> str:
    """Item numbers of 1000 and more in an otherwise small document."""
    start = c.rng.choice([997, 999, 1000, 1999, 9999, 65535, 2 ** 31 - 1, 2 ** 63])
    return _header(c.rng) + "".join(_item(n, c.rng) for n in range(start, start + c.rng.randint(1, 6)))


def t_people_flood(c: _Ctx, text: str) -> str:
    """An attendance list of thousands of names (one line, comma-separated, or one a line)."""
    rng = c.rng
    size = _size(c, 300)
    label = rng.choice(["Medlemmer", "Til stede", "Deltagere", "Afbud", "Fraværende", "Øvrige deltagere",
                        "Inhabil", "Imod stemte"])
    names, total = [], 0
    same = rng.random() < 0.3
    while total < size:
        name = "Anne Jensen" if same else _person(rng)
        if rng.random() < 0.4:
            name += f" ({rng.choice(PARTIES)})"
        if rng.random() < 0.05:
            name += " (formand)"
        names.append(name)
        total += len(name) + 2
    sep = rng.choice([", ", ",\n", "\n", " og ", "; "])
    block = f"{label}: " + sep.join(names) + "\n\n"
    m = _PUNKT.search(text)
    at = m.start() if m else len(text)
    return text[:at] + block + text[at:]


def t_repeated_heading(c: _Ctx, text: str) -> str:
    rng = c.rng
    size = _size(c, 200)
    heading = rng.choice(HEADINGS + ["REFERAT Chefforum d. 17-03-2016", "Innholdsfortegnelse", "Side 2 af 5",
                                     "Mødedato Torsdag d. 17. marts 2016 kl. 09:00", "Punkt 1: CF - Evt."])
    filler = rng.choice(["", "Godkendt.", "Tekst.", "1. at sagen godkendes."])
    unit = heading + "\n\n" + (filler + "\n\n" if filler else "")
    return text + unit * max(2, size // len(unit))


def t_nested_repeat(c: _Ctx, text: str) -> str:
    """Repetition inside repetition: blocks of the document repeated with their own lines
    repeated, nested numbered lists, deep brackets."""
    rng = c.rng
    size = _size(c, 300)
    mode = rng.randrange(4)
    if mode == 0:
        lines = _lines(text)
        k = rng.randrange(len(lines))
        block = lines[k:k + rng.randint(2, 8)]
        inner = "\n".join(ln + ("\n" + ln) * rng.randint(1, 4) for ln in block)
        out = text
        while len(out) < size:
            out = out + "\n" + inner
            inner = inner + "\n" + inner
        return _fit(out, size + len(text))
    if mode == 1:
        unit = rng.choice(["1. at ", "(", "[", "« ", "Punkt 1: ", "- ", "Beslutning i Byrådet den 01-01-2016 "])
        return _insert(rng, text, [unit * (size // len(unit))], 1, at_lines=True)
    if mode == 2:
        s = "Godkendt."
        while len(s) < size:
            s = f"Indstilling\n\n{s}\n\nBeslutning\n\n{s}"
        return text + "\n" + _fit(s, size)
    lines = _lines(text)
    return "\n".join(ln * rng.randint(1, max(1, size // max(1, len(text)))) for ln in lines)


def t_case_numbers(c: _Ctx, text: str) -> str:
    rng = c.rng
    text = _CASE.sub(lambda m: rng.choice(CASE_NUMBERS), text)
    if rng.random() < 0.6:
        text = _insert(rng, text, [f"{rng.choice(['Sagsnr.', 'Sagsnr.:', 'J.nr.', 'Sag nr.', 'Dok.nr.', ''])} "
                                   f"{rng.choice(CASE_NUMBERS)}" for _ in range(10)], rng.randint(1, 8), at_lines=True)
    return text


def t_bad_dates(c: _Ctx, text: str) -> str:
    rng = c.rng
    text = _DATE_NUM.sub(lambda m: rng.choice(BAD_DATES), text)
    text = _DATE_WORDS.sub(lambda m: rng.choice(BAD_DAYS), text)
    if rng.random() < 0.5:
        text = _insert(rng, text, [f"Beslutning i Økonomiudvalget den {d}" for d in BAD_DATES]
                       + [f"Udvalg: Byrådet\nDato: {d}\nBehandlet." for d in BAD_DATES], 3, at_lines=True)
    return text


def t_empty_like(c: _Ctx, text: str) -> str:
    return c.rng.choice(["", " ", "\n" * 50, "\ufeff", "\t\t\n  \n", "Punkt 1:", "REFERAT", "Beslutning",
                         "Punkt 1: \n\nBeslutning\n\n", "\u200b" * 10, "\u00a0\n" * 5, ".", "\x0c\x0c",
                         "REFERAT Chefforum d. 17-03-2016", "Mødedato", "Punkt 999999999999999999999: x"])


def t_line_ends(c: _Ctx, text: str) -> str:
    ending = c.rng.choice(["\r\n", "\r", "\u2028", "\x0b", "\x0c", "\x85", "\n\r", "\r\r\n", "\u2029", "\n\x0c"])
    return text.replace("\n", ending)


TEXT_MUTATORS: dict[str, Callable[[_Ctx, str], str]] = {
    "clean": t_clean, "line_shuffle": t_line_shuffle, "line_dup": t_line_dup, "line_delete": t_line_delete,
    "hostile_insert": t_hostile_insert, "hostile_title": t_hostile_title, "control_chars": t_control_chars,
    "combining_stack": t_combining_stack, "long_line": t_long_line, "long_token": t_long_token,
    "many_punkt": t_many_punkt, "big_numbers": t_big_numbers, "people_flood": t_people_flood,
    "repeated_heading": t_repeated_heading, "nested_repeat": t_nested_repeat, "case_numbers": t_case_numbers,
    "bad_dates": t_bad_dates, "empty_like": t_empty_like, "line_ends": t_line_ends,
}
# small enough to wrap into any format (the sized ones are bounded separately)
LIGHT = ("clean", "clean", "hostile_title", "hostile_insert", "control_chars", "line_dup", "line_delete",
         "line_shuffle", "case_numbers", "bad_dates", "big_numbers")
SIZED = ("long_line", "long_token", "combining_stack", "many_punkt", "people_flood", "repeated_heading",
         "nested_repeat")


def _light_text(c: _Ctx) -> tuple[str, str]:
    """A base document under a light text mutation (a sized one now and then)."""
    name = c.rng.choice(LIGHT + SIZED[:2] if c.rng.random() < 0.15 else LIGHT)
    return TEXT_MUTATORS[name](c, _base(c)), name


# --- structure of a text, for the structured formats -----------------------------------------------

@dataclass
class _Item:
    number: str
    title: str
    case: str | None
    sections: list[tuple[str, str]]
    attachments: list[str]


def _structure(text: str) -> tuple[dict, list[_Item]]:
    """The header facts and the items of a minutes text (Punkt layout; else one item)."""
    heads = list(_PUNKT.finditer(text))
    header = text[:heads[0].start()] if heads else ""
    first = next((ln for ln in _lines(header or text) if ln.strip()), "")
    m = re.match(r"\s*(REFERAT|DAGSORDEN)?\s*(.*?)\s*(?:d\.\s*(\S+))?\s*$", first)
    body = (m.group(2) if m else first) or first
    date = (m.group(3) if m and m.group(3) else None) or (_DATE_NUM.search(header).group(0) if _DATE_NUM.search(header) else "17-03-2016")
    people, absent = [], []
    for ln in _lines(header):
        lab = re.match(r"(Medlemmer|Til stede|Deltagere|Afbud|Fraværende)\s*:\s*(.*)", ln)
        if lab:
            names = [n.strip() for n in re.split(r",| og ", lab.group(2)) if n.strip()]
            (absent if lab.group(1) in ("Afbud", "Fraværende") else people).extend(names)
    place = next((ln.split(" ", 1)[1] for ln in _lines(header) if ln.startswith("Mødested") and " " in ln), None)
    items = []
    chunks = [(h.group(1), h.group(2), text[h.end():(heads[k + 1].start() if k + 1 < len(heads) else len(text))])
              for k, h in enumerate(heads)] or [("1", first, text)]
    for number, title, chunk in chunks:
        case = None
        sections: list[tuple[str, list[str]]] = [("", [])]
        attachments: list[str] = []
        for ln in _lines(chunk):
            s = ln.strip()
            if not s:
                continue
            if case is None and _CASE.fullmatch(s.removeprefix("Sagsnr.:").removeprefix("Sagsnr.").strip()):
                case = s.removeprefix("Sagsnr.:").removeprefix("Sagsnr.").strip()
            elif s in HEADINGS or s.startswith("Beslutning i "):
                sections.append((s, []))
            elif sections[-1][0] == "Bilag":
                attachments.append(s)
            else:
                sections[-1][1].append(s)
        items.append(_Item(number, title, case, [(h, "\n".join(b)) for h, b in sections if b and h != "Bilag"],
                           attachments))
    return {"body": body, "date": date, "place": place, "people": people, "absent": absent}, items


def _iso(date: str) -> str:
    """"17-03-2016" → "2016-03-17" as written, impossible dates kept (and anything else as it is)."""
    m = re.fullmatch(r"(\d{1,2})[-.](\d{1,2})[-.](\d+)", date.strip())
    return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}" if m else date


def _html_of(rng: random.Random, text: str) -> str:
    paras = [p for p in text.split("\n") if p.strip()]
    out = "".join(f"<p>{_html.escape(p)}</p>" if rng.random() < 0.9 else f"<p>{p}</p>" for p in paras)
    if rng.random() < 0.3:
        out = _insert(rng, out, WEB, rng.randint(1, 4))
    return out


# --- wrappers: a text as another format --------------------------------------------------------

def w_html(c: _Ctx, text: str) -> bytes:
    rng = c.rng
    meta, items = _structure(text)
    parts = []
    hostile = lambda: rng.choice(WEB) if rng.random() < 0.3 else ""  # noqa: E731
    parts.append("<!DOCTYPE html>" if rng.random() < 0.8 else "")
    charset = rng.choice(["utf-8", "utf-8", "windows-1252", "iso-8859-1", "utf-16", "bogus", None])
    parts.append("<html><head>" + (f'<meta charset="{charset}">' if charset else "")
                 + f"<title>{_html.escape(meta['body'])}{hostile()}</title>"
                 + rng.choice(["", "<script>document.write('<h1>Punkt 99: injiceret</h1>')</script>",
                               "<style>h1{}</style>", "<base href='javascript:alert(1)'>"]) + "</head><body>")
    parts.append(rng.choice(["", "<nav><ul><li>Forside</li><li>Hent som PDF</li></ul></nav>", "<header>Kopier link</header>"]))
    lines = _lines(text)
    for ln in lines:
        s = ln.strip()
        if not s:
            continue
        esc = _html.escape(s) if rng.random() < 0.9 else s
        if _PUNKT.match(s):
            tag = rng.choice(["h2", "h3", "h1", "div", "p", "td", "b"])
            parts.append(f"<{tag}>{esc}</{tag}>{hostile()}")
        elif s in HEADINGS:
            parts.append(f"<h4>{esc}</h4>")
        elif rng.random() < 0.05:
            parts.append(f"<table><tr><td>{esc}<td>{hostile()}</tr>")  # unclosed table
        else:
            parts.append(f"<p>{esc}{hostile()}</p>")
    if rng.random() < 0.3:  # deep nesting
        depth = min(_size(c, 10), 20000)
        parts.append("<div>" * depth + "dyb tekst" + "</div>" * rng.choice([0, depth]))
    if rng.random() < 0.2:
        parts.append("<!-- uafsluttet kommentar " if rng.random() < 0.5 else "<![CDATA[ x ]]>")
    parts.append(rng.choice(["</body></html>", "", "</div></div></span>", "<footer>Cookies</footer></body></html>"]))
    html = "\n".join(parts)
    if charset in ("windows-1252", "iso-8859-1") and rng.random() < 0.7:
        return html.encode("cp1252", "replace")
    return html.encode("utf-8")


def w_md(c: _Ctx, text: str) -> bytes:
    rng = c.rng
    out = []
    for ln in _lines(text):
        s = ln.strip()
        if _PUNKT.match(s):
            out.append(rng.choice(["## ", "# ", "### ", "**", "1. ", "> ", "| "]) + s + rng.choice(["", "**", " |", " #"]))
        elif s in HEADINGS:
            out.append(rng.choice(["### ", "**", "#### ", "_"]) + s + rng.choice(["", "**", "_"]))
        elif s[:2] in ("1.", "2."):
            out.append(rng.choice(["- ", "* ", "1) ", ""]) + s)
        else:
            out.append(ln)
    if rng.random() < 0.3:
        out.insert(rng.randrange(len(out) + 1), "```\nPunkt 7: i kodeblok\n```")
    if rng.random() < 0.3:
        out.insert(rng.randrange(len(out) + 1), "| a | b |\n|---|---|\n| [/] | <script> |")
    if rng.random() < 0.3:
        out.insert(0, "---\ntitle: \"[bold]\"\ndate: 2016-13-45\n---")
    return "\n".join(out).encode("utf-8")


def _firstagenda(c: _Ctx, text: str) -> dict:
    rng = c.rng
    meta, items = _structure(text)
    people = [{"Name": p, "Absent": False} for p in meta["people"]] + [
        {"Name": p, "Absent": True, "ParticipationCancelled": rng.random() < 0.5} for p in meta["absent"]]
    return {
        "Id": rng.randint(1, 10 ** 6),
        "Udvalg": {"Navn": meta["body"], "Id": 7},
        "Moede": {"Navn": rng.choice(["Referat", "Dagsorden", "Møde", ""]), "Dato": _iso(meta["date"]) + "T09:00:00+01:00",
                  "Sted": meta["place"], "Moededeltagere": people},
        "Dagsordenpunkter": [{
            "Punktnummer": it.number, "Navn": it.title, "SagsNummer": it.case,
            "Felter": [{"Navn": h or "Sagsfremstilling", "Html": _html_of(rng, b)} for h, b in it.sections],
            "Bilag": [{"Navn": a, "Order": k} for k, a in enumerate(it.attachments)],
        } for it in items],
    }


_ODD_VALUES = [None, "", 0, -1, 1.5, 10 ** 30, float("1e308"), True, False, [], {}, [None], {"x": None}, "²", "①",
               "[/]", "<script>", "\u0000", "NaN", "1000", "9" * 400, [1, 2, 3], {"Navn": {"Navn": None}}, "\ud800"]


def _confuse(rng: random.Random, data: object, k: int) -> object:
    """``k`` random values somewhere in ``data`` replaced by values of other types, keys dropped."""
    for _ in range(k):
        path: list = []
        node = data
        while isinstance(node, (dict, list)) and node and rng.random() < 0.8:
            key = rng.choice(list(node.keys())) if isinstance(node, dict) else rng.randrange(len(node))
            path.append((node, key))
            node = node[key]
        if not path:
            continue
        parent, key = path[-1]
        if isinstance(parent, dict) and rng.random() < 0.2:
            del parent[key]
        else:
            parent[key] = rng.choice(_ODD_VALUES)
    return data


def _json_bytes(rng: random.Random, data: object) -> bytes:
    try:
        s = json.dumps(data, ensure_ascii=rng.random() < 0.3, indent=rng.choice([None, 1, 2]))
    except ValueError:
        s = json.dumps(str(data))
    try:
        return s.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, written by json only with ensure_ascii
        return json.dumps(data, ensure_ascii=True).encode("utf-8")


def w_firstagenda(c: _Ctx, text: str) -> bytes:
    return _json_bytes(c.rng, _firstagenda(c, text))


def w_firstagenda_types(c: _Ctx, text: str) -> bytes:
    return _json_bytes(c.rng, _confuse(c.rng, _firstagenda(c, text), c.rng.randint(1, 6)))


def w_json_broken(c: _Ctx, text: str) -> bytes:
    rng = c.rng
    good = _json_bytes(rng, _firstagenda(c, text))
    mode = rng.randrange(9)
    if mode == 0:
        return good[:rng.randrange(max(1, len(good)))]
    if mode == 1:
        return good.replace(b"}", b",}", 1)
    if mode == 2:
        depth = min(_size(c, 50), 200_000)
        return b"[" * depth + b"]" * rng.choice([0, depth])
    if mode == 3:
        return b'{"Dagsordenpunkter": NaN, "Moede": Infinity}'
    if mode == 4:
        return good.decode("utf-8").encode(rng.choice(["utf-16", "utf-32", "cp1252"]), "replace")
    if mode == 5:
        return rng.choice([b"null", b"42", b'"Dagsordenpunkter"', b"[]", b"{}", b"true", b"[{}]", b'{"Moede": {}}',
                           b'{"Dagsordenpunkter": {}, "Moede": {}}', b'{"Dagsordenpunkter": [1, "x", null], "Moede": []}'])
    if mode == 6:
        return b'{"Dagsordenpunkter": [], "Dagsordenpunkter": "x", "Moede": {}}'
    if mode == 7:
        return b"\xef\xbb\xbf" + good + b"\n// kommentar"
    return b'{"a": "' + b"\\u" + b'd800", "Moede": {}, "Dagsordenpunkter": [{"Navn": "\\udfff"}]}'


def w_archive(c: _Ctx, text: str) -> bytes:
    rng = c.rng
    meta, items = _structure(text)
    decisions = []
    for it in items:
        for h, b in it.sections or [("Beslutning", it.title)]:
            decisions.append({"date": rng.choice([_iso(meta["date"]), _iso(rng.choice(BAD_DATES)), "2018-09-03", ""]),
                              "fora_name": rng.choice([meta["body"], "Magistraten", "Byrådet", "[/]", ""]),
                              "title": b or h, "meeting_id": rng.randint(1, 9999)})
    if rng.random() < 0.4:
        _confuse(rng, decisions, rng.randint(1, 4))
    return _json_bytes(rng, decisions)


def _xml_text(s: str) -> str:
    return _xml_escape(s)


_ENCLOSURE_PATHS = ["Enclosures\\1.pdf", "..\\..\\etc\\passwd", "C:\\x.pdf", "/etc/passwd", "Enclosures\\[/].pdf"]


def _sibling(c: _Ctx) -> str:
    """The file name of a later text document of the same run: an export that names it as its
    enclosure makes a folder build report it as part of that export instead of reading it."""
    for j in range(c.index + 1, c.index + 1 + len(c.order)):
        kind = c.order[j % len(c.order)]
        if kind in TEXT_MUTATORS:
            return f"m{j:05d}-{kind}.txt"
    return "m00000-clean.txt"  # pragma: no cover - every run has text kinds


def _sbsys(c: _Ctx, text: str) -> str:
    rng = c.rng
    meta, items = _structure(text)
    members = "".join(f"<MeetingMember><Name>{_xml_text(p)}</Name><ParticipationStatusAsValue>"
                      f"{rng.choice(['0', '1', '4', '2'])}</ParticipationStatusAsValue></MeetingMember>"
                      for p in meta["people"] + meta["absent"])
    xml_items = []
    for k, it in enumerate(items, 1):
        fields = "".join(f"<ItemField><Index>{j}</Index><Caption>{_xml_text(h or 'Sagsfremstilling')}</Caption>"
                         f"<FieldTypeAsEnum>{rng.choice(['Html', 'Multiline', 'Text'])}</FieldTypeAsEnum>"
                         f"<Content>{_xml_text(_html_of(rng, b))}</Content></ItemField>"
                         for j, (h, b) in enumerate(it.sections))
        encl = "".join(f"<Enclosure><Number>{j}</Number><Name>{_xml_text(a)}</Name><InstantiationFilePathRelative>"
                       f"{_xml_text(rng.choice(_ENCLOSURE_PATHS + [a, _sibling(c)]))}"
                       f"</InstantiationFilePathRelative></Enclosure>" for j, a in enumerate(it.attachments, 1))
        history = ""
        if rng.random() < 0.3:
            history = (f"<ItemHistory><ItemField><Caption>Beslutning</Caption><Content>&lt;p&gt;Anbefalet.&lt;/p&gt;</Content>"
                       f"<MeetingDetails><CommitteeName>Økonomiudvalget</CommitteeName><MeetingDueDate>"
                       f"{rng.choice(BAD_DATES + ['01-03-2016 08:00:00'])}</MeetingDueDate></MeetingDetails></ItemField></ItemHistory>")
        xml_items.append(f'<Item ID="{k}"><Number>{_xml_text(it.number)}</Number><Caption>{_xml_text(it.title)}</Caption>'
                         f"<IsPublic>{rng.choice(['True', 'False', 'true', 'maybe', ''])}</IsPublic>"
                         f"<Case><Number>{_xml_text(it.case or '')}</Number></Case><Fields>{fields}</Fields>"
                         f"<Enclosures>{encl}</Enclosures>{history}</Item>")
    when = meta["date"] + " " + rng.choice(["09:00:00", "25:61:00", "", "9.00"])
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<Publication><PublicationTypeAsValue>'
            f"{rng.choice(['2', '1', '0', '7', ''])}</PublicationTypeAsValue><Agendas><Agenda>"
            f"<Committee><Name>{_xml_text(meta['body'])}</Name></Committee><Meeting><When>{_xml_text(when)}</When>"
            f"<Where>{_xml_text(meta['place'] or '')}</Where><Members>{members}</Members></Meeting>"
            f"<Items>{''.join(xml_items)}</Items></Agenda></Agendas></Publication>")


def _edoc(c: _Ctx, text: str) -> str:
    rng = c.rng
    meta, items = _structure(text)
    parts = "".join(f"<MeetingParticipant><Name>{_xml_text(p)}</Name><Participate>{rng.choice(['true', 'false', 'x'])}"
                    f"</Participate><RoleInMeeting>{rng.choice(['Formand', 'Medlem', ''])}</RoleInMeeting></MeetingParticipant>"
                    for p in meta["people"] + meta["absent"])
    elements = []
    for it in items:
        cps = "".join(f"<CasePresentation><Title>{_xml_text(h or 'Sagsfremstilling')}</Title><IsDecision>"
                      f"{'true' if h.startswith('Beslutning') else 'false'}</IsDecision><Content>"
                      f"{_xml_text(_html_of(rng, b))}</Content></CasePresentation>" for h, b in it.sections)
        att = "".join(f"<Attachment><AttachmentNumber>{j}</AttachmentNumber><Title>{_xml_text(a)}</Title>"
                      f"<Link>{_xml_text(rng.choice(['bilag/1.pdf', '../x.pdf', a, _sibling(c)]))}</Link></Attachment>"
                      for j, a in enumerate(it.attachments, 1))
        plan = ""
        if rng.random() < 0.4:
            plan = (f"<HandlingPlan><Handling><Placement>{rng.choice(['this', 'earlier', 'This'])}</Placement>"
                    f"<MeetingDate>{rng.choice(BAD_DATES + ['01-02-2016 10:00'])}</MeetingDate><CommitteeName>Byrådet"
                    f"</CommitteeName><Decision>&lt;p&gt;Godkendt.&lt;/p&gt;</Decision></Handling></HandlingPlan>")
        elements.append(f"<AgendaElement><AccessIsPublic>{rng.choice(['true', 'false', ''])}</AccessIsPublic><HandlingItem>"
                        f"<SerialNo>{_xml_text(it.number)}</SerialNo><Title>{_xml_text(it.title)}</Title>"
                        f"<CaseNumber>{_xml_text(it.case or '')}</CaseNumber><CasePresentations>{cps}</CasePresentations>"
                        f"<Attachments>{att}</Attachments>{plan}</HandlingItem></AgendaElement>")
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<Root xmlns="{EDOC_NS}"><Committee><Name>{_xml_text(meta["body"])}</Name>'
            f"<Meeting><MeetingDateTime>{_xml_text(meta['date'])} 09:00</MeetingDateTime><MeetingLocation>"
            f"{_xml_text(meta['place'] or '')}</MeetingLocation><MeetingParticipants>{parts}</MeetingParticipants>"
            f"<Agenda><Type>{rng.choice(['Referat', 'Dagsorden', 'Protokol', ''])}</Type><AgendaElements>"
            f"{''.join(elements)}</AgendaElements></Agenda></Meeting></Committee></Root>")


def w_sbsys(c: _Ctx, text: str) -> bytes:
    return _sbsys(c, text).encode("utf-8", "surrogatepass")


def w_edoc(c: _Ctx, text: str) -> bytes:
    return _edoc(c, text).encode("utf-8", "surrogatepass")


def w_xml_broken(c: _Ctx, text: str) -> bytes:
    rng = c.rng
    good = (_sbsys if rng.random() < 0.5 else _edoc)(c, text).encode("utf-8", "surrogatepass")
    mode = rng.randrange(9)
    if mode == 0:
        return good[:rng.randrange(max(1, len(good)))]
    if mode == 1:  # entity expansion (kept small: the parser is to refuse or survive it, not to be fed a GB)
        return (b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
                b"<Publication><Agendas><Agenda><Committee><Name>&d;</Name></Committee><Items><Item><Number>1</Number>"
                b"<Caption>&d;</Caption></Item></Items></Agenda></Agendas></Publication>")
    if mode == 2:  # an external entity
        return (b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                b"<Publication><Agendas><Agenda><Committee><Name>&x;</Name></Committee></Agenda></Agendas></Publication>")
    if mode == 3:
        depth = min(_size(c, 50), 100_000)
        return b"<Publication><Agendas>" + b"<a>" * depth + b"</a>" * depth + b"</Agendas></Publication>"
    if mode == 4:  # declared in one encoding, written in another
        return good.replace(b'encoding="utf-8"', rng.choice([b'encoding="utf-16"', b'encoding="windows-1252"',
                                                              b'encoding="bogus"', b'encoding="ebcdic"']), 1)
    if mode == 5:
        return rng.choice([b"<Publication/>", b"<Root/>", b"<html><body>Punkt 1: x</body></html>", b"<?xml?>",
                           f'<Root xmlns="{EDOC_NS}"><Notification><PathToXml>[/]</PathToXml></Notification></Root>'.encode(),
                           b"<Publication><Agendas/></Publication>", b"<Publication><Agendas><Agenda/></Agendas></Publication>"])
    if mode == 6:  # control characters XML 1.0 does not allow
        return good.replace(b"<Caption>", b"<Caption>\x01\x0b", 3)
    if mode == 7:
        return good.decode("utf-8", "surrogatepass").encode("utf-16")
    return good.replace(b"</Caption>", b"</caption>", 1)


def _xml_safe(s: str) -> str:
    """Only characters XML 1.0 (and so python-docx) takes."""
    return "".join(ch for ch in s if ch in "\t\n\r" or ("\x20" <= ch <= "\ud7ff") or ("\ue000" <= ch <= "\ufffd")
                   or ch > "\uffff")


def _pdf(c: _Ctx, text: str) -> bytes:
    from fpdf import FPDF

    rng = c.rng
    logging.getLogger("fpdf").setLevel(logging.ERROR)
    pdf = FPDF()
    pdf.set_creation_date(FIXED_TIME)
    pdf.set_auto_page_break(True, margin=15)
    unicode_font = DEJAVU.is_file() and rng.random() < 0.5
    if unicode_font:
        pdf.add_font("DejaVu", "", str(DEJAVU))
        pdf.set_font("DejaVu", size=rng.choice([8, 10, 11]))
        text = _xml_safe(text).replace("\t", " ")
        text = "".join(ch for ch in text if ch == "\n" or not (ch < " " or "\x7f" <= ch <= "\x9f"))
    else:
        pdf.set_font(rng.choice(["Helvetica", "Times", "Courier"]), size=rng.choice([8, 10, 11]))
        text = text.encode("latin-1", "replace").decode("latin-1")
        text = "".join(ch for ch in text if ch == "\n" or not (ch < " " or "\x7f" <= ch <= "\x9f"))
    text = text[:300_000]
    pages = [text]
    if rng.random() < 0.5:  # an item a page, as publishing systems print them
        heads = [m.start() for m in _PUNKT.finditer(text)]
        if heads:
            pages = [text[a:b] for a, b in zip([0] + heads, heads + [len(text)]) if text[a:b].strip()]
    furniture = rng.random() < 0.5
    width = rng.choice([70, 90, 100])
    # each line placed with text() and wrapped here: fpdf2's multi_cell needs a second per 10 KB
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for k, page in enumerate(pages, 1):
            y = 280.0
            sheet = 0
            for ln in page.split("\n"):
                for chunk in textwrap.wrap(ln, width, break_on_hyphens=False, drop_whitespace=True) or [""]:
                    if y > 275:
                        pdf.add_page()
                        sheet += 1
                        y = 20.0
                        if furniture:
                            pdf.text(10, 10, f"Chefforum - Referat - 17-03-2016 - Side {pdf.page_no()}")
                    if chunk:
                        pdf.text(10, y, chunk)
                    y += 5
    return bytes(pdf.output())


def w_pdf(c: _Ctx, text: str) -> bytes:
    try:
        return _pdf(c, text)
    except Exception:  # noqa: BLE001 - fpdf2 refused the text: a plain page instead, still deterministic
        return _pdf(c, text.encode("ascii", "replace").decode("ascii"))


def w_pdf_broken(c: _Ctx, text: str) -> bytes:
    rng = c.rng
    mode = rng.randrange(8)
    if mode == 5:
        return b"%PDF-1.4\n%%EOF\n"
    if mode == 6:
        return b"%PDF-1.7\n" + rng.randbytes(rng.randint(10, 5000))
    if mode == 7:
        return text.encode("utf-8")  # a text file named .pdf
    good = w_pdf(c, text)
    if mode <= 1:
        return good[:rng.randrange(max(1, len(good)))]
    if mode == 2:
        b = bytearray(good)
        for _ in range(rng.randint(1, 50)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        return bytes(b)
    if mode == 3:  # the cross-reference table and trailer destroyed
        at = good.rfind(b"xref")
        return good[:at] + b"xref\ngarbage\ntrailer<</Size 99999999/Root 1 0 R>>\nstartxref\n-1\n%%EOF" if at > 0 else good
    return good.replace(b"/Type /Page\n", b"/Type /Pages\n", 1).replace(b"/Type /Page", b"/Type /Font", 1)


def _fixed_zip(raw: bytes) -> bytes:
    """A zip rewritten with fixed timestamps, so a python-docx file is the same bytes each run."""
    src = zipfile.ZipFile(io.BytesIO(raw))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(2016, 3, 17, 9, 0, 0)), src.read(info.filename),
                         compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def w_docx(c: _Ctx, text: str) -> bytes:
    import docx

    rng = c.rng
    d = docx.Document()
    props = d.core_properties
    props.created = props.modified = FIXED_TIME.replace(tzinfo=None)
    props.last_printed = FIXED_TIME.replace(tzinfo=None)
    props.author = props.last_modified_by = "fuzz"
    props.revision = 1
    table_rows: list[str] = []
    for ln in _lines(_xml_safe(text)[:300_000]):
        s = ln.strip()
        if not s:
            continue
        if _PUNKT.match(s):
            d.add_heading(s, level=rng.choice([1, 1, 2]))
        elif s in HEADINGS and rng.random() < 0.6:
            d.add_heading(s, level=rng.choice([2, 3]))
        elif s in HEADINGS:
            d.add_paragraph().add_run(s).bold = True
        elif s.startswith(("Medlemmer", "Afbud", "Til stede")) and rng.random() < 0.5:
            table_rows.append(s)
        elif s[:2] in ("1.", "2.") and rng.random() < 0.5:
            d.add_paragraph(s[2:].strip(), style="List Number")
        else:
            d.add_paragraph(s)
    if table_rows:
        t = d.add_table(rows=len(table_rows), cols=2)
        for r, row in enumerate(table_rows):
            label, _, rest = row.partition(":")
            t.cell(r, 0).text = label
            t.cell(r, 1).text = rest.strip()
    buf = io.BytesIO()
    d.save(buf)
    return _fixed_zip(buf.getvalue())


def w_docx_broken(c: _Ctx, text: str) -> bytes:
    rng = c.rng
    mode = rng.randrange(7)
    if mode == 0:
        return b"PK\x03\x04" + rng.randbytes(rng.randint(10, 3000))
    if mode == 1:
        return text.encode("utf-8")  # a text file named .docx

    def zipped(entries: dict[str, bytes]) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in entries.items():
                z.writestr(zipfile.ZipInfo(name, date_time=(2016, 3, 17, 9, 0, 0)), data, compress_type=zipfile.ZIP_DEFLATED)
        return buf.getvalue()

    if mode == 2:
        return zipped({"[Content_Types].xml": b"<Types/>"})
    good = w_docx(c, text)
    if mode == 3:
        return good[:rng.randrange(max(1, len(good)))]
    src = zipfile.ZipFile(io.BytesIO(good))
    entries = {i.filename: src.read(i.filename) for i in src.infolist()}
    if mode == 4:
        entries["word/document.xml"] = entries["word/document.xml"][:len(entries["word/document.xml"]) // 2]
    elif mode == 5:  # a large, highly compressible document part
        para = b"<w:p><w:r><w:t>Godkendt.</w:t></w:r></w:p>"
        body = para * max(1, _size(c, 1000) * 10 // len(para))
        doc = entries["word/document.xml"]
        at = doc.find(b"<w:body>") + len(b"<w:body>")
        entries["word/document.xml"] = doc[:at] + body + doc[at:]
    else:
        entries["word/document.xml"] = entries["word/document.xml"].replace(b"<w:body>", b"<w:body><w:p><w:r><w:t>\x01\xff", 1)
    return zipped(entries)


WRAPPERS: dict[str, tuple[str, Callable[[_Ctx, str], bytes]]] = {
    "as_html": (".html", w_html), "as_md": (".md", w_md), "as_firstagenda": (".json", w_firstagenda),
    "as_firstagenda_types": (".json", w_firstagenda_types), "as_json_broken": (".json", w_json_broken),
    "as_archive": ("_decisions.json", w_archive), "as_sbsys": (".xml", w_sbsys), "as_edoc": (".xml", w_edoc),
    "as_xml_broken": (".xml", w_xml_broken), "as_pdf": (".pdf", w_pdf), "as_pdf_broken": (".pdf", w_pdf_broken),
    "as_docx": (".docx", w_docx), "as_docx_broken": (".docx", w_docx_broken),
}
# formats the byte mutations are applied to (text most of the time)
BYTE_TARGETS = ("txt", "txt", "txt", "txt", "as_html", "as_md", "as_firstagenda", "as_sbsys", "as_edoc", "as_pdf", "as_docx")


# --- byte mutations (bytes → bytes) ------------------------------------------------------------------

def b_byte_flip(c: _Ctx, data: bytes) -> bytes:
    b = bytearray(data or b"x")
    for _ in range(c.rng.randint(1, 20)):
        k = c.rng.randrange(len(b))
        b[k] = b[k] ^ (1 << c.rng.randrange(8)) if c.rng.random() < 0.7 else c.rng.randrange(256)
    return bytes(b)


def b_truncate(c: _Ctx, data: bytes) -> bytes:
    return data[:c.rng.randrange(len(data) + 1)]


def b_invalid_utf8(c: _Ctx, data: bytes) -> bytes:
    b = data
    for _ in range(c.rng.randint(1, 6)):
        k = c.rng.randrange(len(b) + 1)
        b = b[:k] + c.rng.choice(INVALID_UTF8) + b[k:]
    return b


def b_nul_bytes(c: _Ctx, data: bytes) -> bytes:
    rng = c.rng
    k = rng.choice([1, 1, 2, 8, 9, max(1, len(data) // 100), max(1, len(data) // 100) + 1, max(1, len(data) // 20)])
    b = data
    for _ in range(k):
        at = rng.randrange(len(b) + 1)
        b = b[:at] + rng.choice([b"\x00", b"\x00\x00", b"\x00" * 4]) + b[at:]
    return b


def b_binary(c: _Ctx, data: bytes) -> bytes:
    rng = c.rng
    n = min(_size(c, 16), 200_000)
    return rng.choice([
        rng.randbytes(n), b"\x00" * n, bytes(range(256)) * (n // 256 + 1), b"\x89PNG\r\n\x1a\n" + rng.randbytes(n),
        b"\x7fELF\x02\x01\x01" + rng.randbytes(n), b"\x1f\x8b\x08\x00" + rng.randbytes(n), b"\xff\xfe\x00\x00" + b"\xff" * 8,
        b"\xfe\xff\xd8\x00", b"\xff\xfe\x00\xd8", b"\xef\xbb\xbf\xff\xfe",
    ])


BYTE_MUTATORS: dict[str, Callable[[_Ctx, bytes], bytes]] = {
    "byte_flip": b_byte_flip, "truncate": b_truncate, "invalid_utf8": b_invalid_utf8, "nul_bytes": b_nul_bytes,
}


def encode(text: str, codec: str) -> bytes:
    """``text`` in ``codec``; also the made-up forms "bom+utf-16-le" (BOM, then LE), "utf-16-odd"
    (UTF-16 LE without BOM missing its last byte) and "mixed-utf8-cp1252" (first half UTF-8,
    the rest cp1252). Characters a codec lacks become "?"."""
    if codec.startswith("bom+"):
        return BOMS[codec[4:]] + text.encode(codec[4:], "surrogatepass")
    if codec == "utf-16-odd":
        return text.encode("utf-16-le", "surrogatepass")[:-1]
    if codec == "mixed-utf8-cp1252":
        half = len(text) // 2
        return text[:half].encode("utf-8", "replace") + text[half:].encode("cp1252", "replace")
    return text.encode(codec, "replace")


# --- kinds ---------------------------------------------------------------------------------------

def _k_text(name: str):
    def kind(c: _Ctx) -> tuple[bytes, str, str | None]:
        return TEXT_MUTATORS[name](c, _base(c)).encode("utf-8"), ".txt", None
    return kind


def _k_wrap(name: str):
    def kind(c: _Ctx) -> tuple[bytes, str, str | None]:
        suffix, wrap = WRAPPERS[name]
        text, _ = _light_text(c)
        if name in ("as_html", "as_md", "as_docx", "as_sbsys", "as_edoc", "as_firstagenda") and c.rng.random() < 0.15:
            text = TEXT_MUTATORS[c.rng.choice(SIZED)](c, _base(c))  # a sized mutation inside another format
        return wrap(c, text), suffix, None
    return kind


def _target(c: _Ctx) -> tuple[bytes, str]:
    """A lightly mutated document in a random format (text most of the time)."""
    target = c.rng.choice(BYTE_TARGETS)
    text, _ = _light_text(c)
    if target == "txt":
        return text.encode("utf-8"), ".txt"
    suffix, wrap = WRAPPERS[target]
    return wrap(c, text), suffix


def _k_bytes(name: str):
    def kind(c: _Ctx) -> tuple[bytes, str, str | None]:
        data, suffix = _target(c)
        return BYTE_MUTATORS[name](c, data), suffix, None
    return kind


def k_encoding(c: _Ctx) -> tuple[bytes, str, str | None]:
    text, _ = _light_text(c)
    codec = c.rng.choice(ENCODINGS)
    suffix = c.rng.choice([".txt", ".txt", ".txt", ".md", ".html"])
    data = w_html(c, text) if suffix == ".html" else text.encode("utf-8")
    if suffix == ".html":
        data = data.decode("utf-8", "replace").encode(codec if "+" not in codec and "-odd" not in codec
                                                      and "mixed" not in codec else "utf-16", "replace")
    else:
        data = encode(text, codec)
    return data, suffix, None


def k_binary(c: _Ctx) -> tuple[bytes, str, str | None]:
    return b_binary(c, b""), c.rng.choice([".txt", ".txt", ".md", ".html", ".json", ".xml", ".pdf", ".docx"]), None


def k_hostile_name(c: _Ctx) -> tuple[bytes, str, str | None]:
    data, suffix = _target(c) if c.rng.random() < 0.3 else (_base(c).encode("utf-8"), ".txt")
    rng = c.rng
    if rng.random() < 0.25:
        folder = rng.choice(FOLDER_NAMES)
        leaf = rng.choice(["]", "x", "[/]", "m"]) + f"-{c.index:05d}"
        return data, suffix, f"{folder}{c.index:05d}/{leaf}" if not folder.endswith("/") else f"{folder}m{c.index:05d}"
    return data, suffix, f"m{c.index:05d}-{rng.choice(HOSTILE_NAMES)}"


def k_hidden(c: _Ctx) -> tuple[bytes, str, str | None]:
    data = _base(c).encode("utf-8")
    rng = c.rng
    form = rng.randrange(4)
    if form == 0:
        return data, ".txt", f".m{c.index:05d}-hidden"
    if form == 1:
        return data, ".txt", f".hidden-{c.index:05d}/m{c.index:05d}"
    if form == 2:
        return data, "", f".m{c.index:05d}"  # ".m00012": hidden, and no extension
    return data, ".txt", f"sub-{c.index:05d}/.git/m{c.index:05d}"


def k_odd_suffix(c: _Ctx) -> tuple[bytes, str, str | None]:
    """Content of one format under another (or an unknown) extension."""
    rng = c.rng
    if rng.random() < 0.5:
        data, _ = _target(c)
        return data, rng.choice([".txt", ".pdf", ".docx", ".json", ".xml", ".html", ".md"]), None
    return _base(c).encode("utf-8"), rng.choice(ODD_SUFFIXES), None


def k_metadata_orphan(c: _Ctx) -> tuple[bytes, str, str | None]:
    """A city-archive record part without its decisions file."""
    rng = c.rng
    if rng.random() < 0.5:
        data = {"source": "eDocAgenda", "case_id": rng.choice(CASE_NUMBERS), "note": rng.choice(HOSTILE)}
        return _json_bytes(rng, data), "_metadata.json", None
    return _json_bytes(rng, [{"filename": rng.choice(HOSTILE), "href": "https://example.org/1.pdf"}]), "_files.json", None


KINDS: dict[str, Callable[[_Ctx], tuple[bytes, str, str | None]]] = {
    **{name: _k_text(name) for name in TEXT_MUTATORS},
    **{name: _k_wrap(name) for name in WRAPPERS},
    **{name: _k_bytes(name) for name in BYTE_MUTATORS},
    "encoding": k_encoding, "binary": k_binary, "hostile_name": k_hostile_name, "hidden": k_hidden,
    "odd_suffix": k_odd_suffix, "metadata_orphan": k_metadata_orphan,
}


def kind_order(seed: int, kinds: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """The round robin of kinds for ``seed``: every kind once per ``len(kinds)`` documents."""
    order = sorted(kinds or KINDS)
    random.Random(f"referatgraf-fuzz-order:{seed}").shuffle(order)
    return tuple(order)


def mutant(seed: int, index: int, max_size: int = 20_000, full_share: float = 0.05,
           kinds: tuple[str, ...] | None = None) -> Mutant:
    """Document ``index`` of the run ``seed`` (the same bytes every time)."""
    order = kind_order(seed, kinds)
    kind = order[index % len(order)]
    c = _Ctx(random.Random(f"referatgraf-fuzz:{seed}:{index}:{max_size}:{full_share}"), seed, index, max_size,
             full_share, order)
    data, suffix, name = KINDS[kind](c)
    return Mutant(name or f"m{index:05d}-{kind}", data, suffix, kind, index)


def mutations(seed: int, n: int, max_size: int = 20_000, full_share: float = 0.05,
              kinds: tuple[str, ...] | None = None) -> Iterator[Mutant]:
    """``n`` documents of the run ``seed``; see the module docstring. ``max_size`` bounds the
    sized kinds (long lines, many items, ...: characters), ``full_share`` is the share of
    documents that start from a whole sample file, ``kinds`` limits the kinds."""
    for index in range(n):
        yield mutant(seed, index, max_size, full_share, kinds)


def write_all(mutants, folder: str | Path, reverse: bool = False) -> list[Path]:
    """Write the documents into ``folder`` (in reverse order when ``reverse``)."""
    items = list(mutants)
    return [m.write(folder) for m in (reversed(items) if reverse else items)]


def digest(mutants) -> str:
    """SHA-256 of the documents' names and bytes: equal digests, equal runs."""
    import hashlib

    h = hashlib.sha256()
    for m in mutants:
        h.update(m.relpath.encode("utf-8", "surrogateescape") + b"\0" + m.data + b"\0")
    return h.hexdigest()


if __name__ == "__main__":  # python tests/fuzzing.py SEED N [MAX_SIZE [FULL_SHARE]]: the run listed, then its digest
    import sys

    seed, n = (int(a) for a in (sys.argv[1:3] if len(sys.argv) > 2 else ("1", "100")))
    max_size = int(sys.argv[3]) if len(sys.argv) > 3 else 20_000
    full_share = float(sys.argv[4]) if len(sys.argv) > 4 else 0.05
    run = list(mutations(seed, n, max_size, full_share))
    for m in run:
        print(f"{m.index:5d} {m.kind:22s} {len(m.data):9d} {shown(m.relpath)!r}")
    print(digest(run))

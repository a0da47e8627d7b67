"""One Greve FirstAgenda meeting in three forms gives the same agenda items: the JSON itself, a
FirstAgenda-style web page written here from the JSON (read as HTML, and printed to PDF by headless
Chromium), and a plain text written here from the JSON with the standard library's html.parser.

Three meetings are picked from the sorted file list: the first Byråd meeting, the first committee
meeting where most items carry attachments, and the first meeting whose "Sagens forløb" lists
earlier treatments with their decisions. Every form is read with ``graph.sources.read_document``
and ``graph.structure.parse_minutes``; item numbers, titles, case numbers, this meeting's decision
and the attachment titles must agree across the forms, and with the JSON (computed here from the
JSON with the standard library). The derived files are written to tmp_path at run time only.
Texts are compared with runs of white space as one space."""
from __future__ import annotations

import html as _html
import json
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from shared_corpus import GREVE, needs

sys.path.insert(0, str(Path(__file__).resolve().parent / "layouts"))
from make_layouts import ChromiumMissing, print_html_to_pdf  # noqa: E402

pytestmark = needs(GREVE)


def _ws(text: str | None) -> str | None:
    return None if text is None else " ".join(text.split())


# --------------------------------------------------------------------------- picking meetings
def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _item_html(it: dict) -> str:
    return "".join(f.get("Html") or "" for f in it.get("Felter") or [])


def _released_history(it: dict) -> int:
    """How many entries of the item's "Sagens forløb" carry a released decision."""
    h = _item_html(it)
    if "Sagens forløb" not in h:
        return 0
    tail = h[h.index("Sagens forløb"):]
    return sum(1 for part in tail.split("<u>")[1:] if "Beslutning ikke frigivet" not in part)


def _pick() -> list[tuple[str, Path]]:
    """The three meetings, reading the sorted files only as far as each choice needs."""
    if not GREVE.is_dir():
        return []
    files = sorted(GREVE.glob("*.json"))
    cache: dict[Path, dict] = {}

    def data(p: Path) -> dict:
        if p not in cache:
            cache[p] = _load(p)
        return cache[p]

    def first(test) -> Path:
        return next(p for p in files if test(data(p)))

    def is_byraad(m: dict) -> bool:
        return m["Udvalg"]["Navn"].startswith("Byråd")

    byraad = first(is_byraad)
    committee = first(lambda m: not is_byraad(m) and 2 * sum(1 for it in m["Dagsordenpunkter"] if it["Bilag"])
                      > len(m["Dagsordenpunkter"]))
    history = first(lambda m: any(_released_history(it) >= 2 for it in m["Dagsordenpunkter"]))
    return [("byraad", byraad), ("committee_with_bilag", committee), ("sagens_forloeb", history)]


PICKED = _pick()


# --------------------------------------------------------------------------- writing the forms
def _header(m: dict) -> tuple[str, str, str, str]:
    """(page title, body, "Mødedato: ..." line, "Mødested: ..." line) of a meeting."""
    body = _ws(m["Udvalg"]["Navn"])
    stamp = m["Moede"]["Dato"]
    day = date.fromisoformat(stamp[:10])
    title = f"Dagsorden - {body} - {day:%d.%m.%Y}"
    return (title, body, f"Mødedato: {day:%d.%m.%Y} kl. {stamp[11:16]}",
            f"Mødested: {_ws(m['Moede'].get('Sted') or '')}")


def _items(m: dict) -> list[dict]:
    return sorted(m["Dagsordenpunkter"], key=lambda it: int(it["Punktnummer"]))


def _bilag(it: dict) -> list[str]:
    return [b["Navn"] for b in sorted(it["Bilag"] or [], key=lambda b: b.get("Order", 0)) if b["Navn"].strip()]


def write_page(m: dict, path: Path) -> Path:
    """A FirstAgenda-style meeting page: header, then per item its heading, its case number alone
    (unlabelled, as FirstAgenda shows it), its field HTML as it is, and its attachments with the
    page's PDF controls."""
    esc = _html.escape
    title, body, when, where = _header(m)
    out = ["<!DOCTYPE html>", '<html lang="da"><head><meta charset="utf-8">', f"<title>{esc(title)}</title>",
           # the controls are buttons: a print may put one on the next line, but never splits it
           "<style>li a { white-space: nowrap; }</style>", "</head><body><main>", f"<h1>{esc(body)}</h1>", f"<p>{esc(when)}</p>", f"<p>{esc(where)}</p>"]
    for it in _items(m):
        out.append(f'<article id="punkt-{it["Punktnummer"]}">')
        out.append(f"<h2>Punkt {esc(it['Punktnummer'])}: {esc(it['Navn'])}</h2>")
        if it["SagsNummer"]:
            out.append(f'<div class="caseno">{esc(it["SagsNummer"])}</div>')
        out.append(_item_html(it))
        names = _bilag(it)
        if names:
            out.append('<ul class="attachments">' + "".join(
                f'<li>{esc(n)} <a href="#">PDF</a> <a href="#">Hent som PDF</a></li>' for n in names) + "</ul>")
        out.append("</article>")
    out.append("</main></body></html>")
    path.write_text("\n".join(out), encoding="utf-8")
    return path


_BLOCKS = {"p", "div", "li", "tr", "td", "th", "ul", "ol", "table", "tbody", "thead", "section", "article",
           "blockquote", "pre", "dl", "dt", "dd", "hr"}
_HEADS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class _TextOf(HTMLParser):
    """HTML as plain text: a line per block element and <br>; headings on their own line with a
    blank line before and after."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.buf: list[str] = []

    def _end_line(self, blank: bool = False) -> None:
        text = " ".join("".join(self.buf).split())
        self.buf = []
        if text:
            self.lines.append(text)
        if blank and self.lines and self.lines[-1] != "":
            self.lines.append("")

    def handle_starttag(self, tag, attrs):
        if tag in _HEADS:
            self._end_line(blank=True)
        elif tag in _BLOCKS or tag == "br":
            self._end_line()

    def handle_endtag(self, tag):
        if tag in _HEADS:
            self._end_line(blank=True)
        elif tag in _BLOCKS:
            self._end_line()

    def handle_data(self, data):
        self.buf.append(data)

    def text(self) -> list[str]:
        self.close()
        self._end_line()
        return self.lines


def html_to_lines(html: str) -> list[str]:
    p = _TextOf()
    p.feed(html)
    return p.text()


def write_text(m: dict, path: Path) -> Path:
    title, body, when, where = _header(m)
    out = [title, body, when, where]
    for it in _items(m):
        out += ["", f"Punkt {it['Punktnummer']}: {_ws(it['Navn'])}"]
        if it["SagsNummer"]:
            out.append(f"Sagsnr.: {it['SagsNummer']}")
        out += [""] + html_to_lines(_item_html(it))
        names = _bilag(it)
        if names:
            out += ["", "Bilag", ""] + [_ws(n) for n in names]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- reading and comparing
Facts = list[tuple]  # per item in document order: (number, title, case number, ...)


def facts_of(path: Path) -> Facts:
    """Per item: (number, title, case number, this meeting's decision, attachment titles) as read."""
    from graph.sources import read_document
    from graph.structure import find_section, parse_minutes

    doc, problem = read_document(path)
    assert doc is not None, f"{path.name}: {problem}"
    out = []
    for item in parse_minutes(doc).items:
        decision = find_section(item, "decision")
        out.append((item.number, _ws(item.title), item.journal_number, _ws(decision.text) if decision else None,
                    [_ws(b.text) for b in item.bilag]))
    return out


def json_facts(m: dict) -> Facts:
    """Per item: (number, title, case number, attachment titles), straight from the JSON."""
    return [(int(it["Punktnummer"]), _ws(it["Navn"]), it["SagsNummer"] or None, [_ws(n) for n in _bilag(it)])
            for it in _items(m)]


def differences(a: Facts, b: Facts, fields: tuple[str, ...]) -> list[tuple]:
    """Small (item, field, a, b) tuples where two item lists disagree (texts cut to 120 characters,
    lists to 5 entries); the item numbers first, in order, as they may repeat or be missing."""
    def cut(v):
        return v[:120] if isinstance(v, str) else v[:5] if isinstance(v, list) else v

    if [x[0] for x in a] != [y[0] for y in b]:
        return [("numbers", [x[0] for x in a][:40], [y[0] for y in b][:40])]
    return [(x[0], name, cut(u), cut(v)) for x, y in zip(a, b)
            for name, u, v in zip(fields, x[1:], y[1:]) if u != v]


FIELDS = ("title", "case", "decision", "bilag")


@pytest.mark.parametrize("label,source", PICKED, ids=[p[0] for p in PICKED])
def test_json_page_pdf_and_text_give_the_same_items(label, source, tmp_path):
    m = _load(source)
    json_path = tmp_path / "meeting.json"
    json_path.write_bytes(source.read_bytes())
    page = write_page(m, tmp_path / "meeting.html")
    text = write_text(m, tmp_path / "meeting.txt")
    try:
        pdf = print_html_to_pdf(page, tmp_path / "meeting.pdf")
    except ChromiumMissing as exc:
        pytest.skip(str(exc))

    forms = {"json": facts_of(json_path), "html": facts_of(page), "pdf": facts_of(pdf), "txt": facts_of(text)}
    want = json_facts(m)
    wrong = []  # (form, against, item, field, got, expected): small, so a failure prints only these
    for name, got in forms.items():
        # against the JSON itself (numbers, titles, SagsNummer, attachment names)
        wrong += [(name, "json", *d) for d in
                  differences([(n, t, c, b) for n, t, c, _, b in got], want, ("title", "case", "bilag"))]
        # against the JSON as read, which adds this meeting's decision
        if name != "json":
            wrong += [(name, "json read", *d) for d in differences(got, forms["json"], FIELDS)]
    assert wrong[:12] == [] and len(wrong) == 0
    # the comparison is not empty: the meeting's decisions and attachments are there to compare
    assert sum(1 for f in forms["json"] if f[3]) >= len(want) // 2
    assert any(f[4] for f in forms["json"]) == any(w[3] for w in want)


def test_the_three_meetings_are_distinct_and_cover_decisions_and_bilag():
    assert len(PICKED) == 3 and len({p for _, p in PICKED}) == 3
    metas = [_load(p) for _, p in PICKED]
    assert any(it["Bilag"] for m in metas for it in m["Dagsordenpunkter"])
    assert any("Beslutning" in _item_html(it) for m in metas for it in m["Dagsordenpunkter"])

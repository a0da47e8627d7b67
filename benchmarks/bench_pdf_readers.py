"""Benchmark: which PDF text library should read PDF minutes? pypdf vs pypdfium2 vs pdfplumber.

Run:  python benchmarks/bench_pdf_readers.py [--meetings 6] [--repeat 1] [--runs 3] [--variants all]

Makes its test PDFs at run time in a temp folder (nothing is written to the repo):

* ``html`` / ``html-shy``: real Greve FirstAgenda meetings (``shared/corpus/greve-firstagenda``,
  an even, deterministic spread over the sorted file names), one HTML page per meeting
  ("Punkt N: title", "Sagsnr.", the item HTML), printed to PDF by headless Chromium.
  Every second meeting has soft hyphens (U+00AD) put into its long words (every 6th
  letter of words of 14+ letters), to see hyphenated line ends and invisible hyphenation
  points; the source text for accuracy is the HTML's visible text.
* ``fpdf``: fpdf2-made minutes (DejaVu fonts) with running headers and footers, body text
  from the same meetings, one line of source per physical line. In ``fpdf-ftr1st`` the
  footer is written to the content stream before the header and body, as some generators do.
* ``members``: two-column member lists: fpdf writing the left column first, fpdf writing
  row by row (a table), Chromium CSS ``column-count: 2`` and a Chromium ``<table>``.

Each library variant (pypdf, pypdfium2, pdfplumber; ``--variants all`` adds pypdf's and
pdfplumber's layout modes) runs in a fresh process, so peak RSS is its own, and extracts
all pages ``--runs`` times; the best run counts. ``--repeat K`` reads every PDF K times per
run. A second timed pass (``--font-runs``, default 1) per library pulls lines with font
size, font name (bold) and position, the input for layout blocks. pypdf and pdfplumber
read Chromium's PDFs at only 8-15 pages/s, so the default of 6 meetings (a few hundred
pages) keeps the whole run to a few minutes.

Accuracy is over whitespace tokens after the normalisation any reader needs anyway
("\\r\\n" -> "\\n", NFC, NBSP -> space, U+00AD dropped, ligatures expanded, pdfium's U+FFFE
back to "-" + line break); the raw outputs' oddities are counted in the pitfalls table
before that normalisation. Needs /usr/bin/chromium (``apt-get install -y chromium``), the
DejaVu fonts (``fonts-dejavu-core``), fpdf2, pypdfium2 and pdfplumber.
"""
from __future__ import annotations

import argparse
import bisect
import html as htmlmod
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import unicodedata
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "greve-firstagenda"
CHROMIUM = "/usr/bin/chromium"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")

VARIANTS = ["pypdf", "pypdf-layout", "pypdfium2", "pdfplumber", "pdfplumber-layout"]
DEFAULT_VARIANTS = ["pypdf", "pypdfium2", "pdfplumber"]  # --variants all adds the two layout modes
FPDF_LINES = 400  # source lines (paragraphs) per fpdf2 minutes PDF, about 15 pages
FONT_LIBS = ["pypdf", "pypdfium2", "pdfplumber"]  # the lines-with-font-size pass


# ----------------------------------------------------------------------------- source text

INLINE = {"span", "em", "strong", "b", "i", "u", "a", "sup", "sub", "ins", "del", "s", "font",
          "small", "big", "label", "abbr", "code", "mark", "q", "cite", "strike"}
SKIP = {"script", "style", "head", "title", "img", "link", "iframe", "object", "svg"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class VisibleText(HTMLParser):
    """The visible text of an HTML page as lines, roughly as ``innerText`` gives it:
    block elements break lines, white space collapses, ``<ol>`` numbers are text (Chromium
    prints them as text; ``<ul>`` discs it draws as shapes, so they are not). Each line is ``(text, kind, in_table)``, kind a heading tag or "p"."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[str, str, bool]] = []
        self.buf: list[str] = []
        self.kind = "p"
        self.skip = 0
        self.table = 0
        self.lists: list[list] = []  # [tag, counter]
        self.pending_marker = ""

    def flush(self) -> None:
        text = re.sub(r"[ \t\n\r\f]+", " ", "".join(self.buf)).strip(" ")
        text = text.replace("\u00ad", "")
        if text.strip():
            if self.pending_marker:
                text = f"{self.pending_marker} {text}"
            self.lines.append((text, self.kind, self.table > 0))
            self.pending_marker = ""
        self.buf = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIP:
            if tag not in {"img", "link"}:
                self.skip += 1
            return
        if tag in INLINE:
            return
        self.flush()
        if tag in HEADINGS:
            self.kind = tag
        if tag == "table":
            self.table += 1
        if tag in ("ul", "ol"):
            self.lists.append([tag, 0])
        if tag == "li" and self.lists:
            lst = self.lists[-1]
            lst[1] += 1
            self.pending_marker = f"{lst[1]}." if lst[0] == "ol" else ""

    def handle_startendtag(self, tag, attrs):
        if tag == "br":
            self.flush()

    def handle_endtag(self, tag):
        if tag in SKIP:
            if tag not in {"img", "link"}:
                self.skip = max(0, self.skip - 1)
            return
        if tag in INLINE:
            return
        self.flush()
        if tag in HEADINGS:
            self.kind = "p"
        if tag == "table":
            self.table = max(0, self.table - 1)
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()

    def handle_data(self, data):
        if not self.skip:
            self.buf.append(data)

    def close(self):
        super().close()
        self.flush()


def visible_lines(html: str) -> list[tuple[str, str, bool]]:
    p = VisibleText()
    p.feed(html)
    p.close()
    return p.lines


# ----------------------------------------------------------------------------- test PDFs

def pick_meetings(n: int) -> list[dict]:
    files = sorted(CORPUS.glob("*.json"))
    if not files:
        sys.exit(f"no FirstAgenda JSON in {CORPUS}")
    step = max(1, len(files) // max(n, 1))
    chosen = []
    for f in files[::step] + files:  # an even spread; fill up from the start if some are empty
        if len(chosen) >= n:
            break
        if f in [c["file"] for c in chosen]:
            continue
        d = json.loads(f.read_text(encoding="utf-8"))
        items = d.get("Dagsordenpunkter") or []
        size = sum(len((fe or {}).get("Html") or "") for it in items for fe in (it.get("Felter") or []))
        if size < 20000:
            continue
        chosen.append({"file": f, "data": d})
    return chosen


SHY_WORD = re.compile(r"[A-Za-zÆØÅæøåéü]{14,}")


def add_soft_hyphens(html: str) -> str:
    """Put U+00AD into long words (every 6 letters, not near the ends), outside tags."""
    def shy(m):
        w = m.group(0)
        return "".join(ch + ("\u00ad" if (i + 1) % 6 == 0 and 3 <= i < len(w) - 4 else "") for i, ch in enumerate(w))
    parts = re.split(r"(<[^>]*>|&[#\w]+;)", html)
    return "".join(p if p.startswith(("<", "&")) else SHY_WORD.sub(shy, p) for p in parts)


CSS = """@page { size: A4; margin: 20mm 18mm; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; line-height: 1.35; }
h1 { font-size: 17pt; } h2 { font-size: 13.5pt; margin-top: 16pt; } h3 { font-size: 11pt; }
h4 { font-size: 10.5pt; } table { border-collapse: collapse; }
td, th { border: 1px solid #999; padding: 2px 4px; vertical-align: top; }"""


def strip_remote(html: str) -> str:
    return re.sub(r"<(img|link|script|iframe|object)\b[^>]*>", "", html, flags=re.I)


def meeting_html(m: dict, shy: bool) -> str:
    d = m["data"]
    udvalg = (d.get("Udvalg") or {}).get("Navn") or "Udvalg"
    moede = d.get("Moede") or {}
    date = (moede.get("Dato") or "")[:10]
    parts = [f"<h1>{htmlmod.escape(udvalg)} – Referat</h1>",
             f"<p>Mødedato: {htmlmod.escape(date)}. Sted: {htmlmod.escape(moede.get('Sted') or '')}</p>"]
    for it in d.get("Dagsordenpunkter") or []:
        parts.append(f"<h2>Punkt {htmlmod.escape(str(it.get('Punktnummer') or ''))}: {htmlmod.escape(it.get('Navn') or '')}</h2>")
        if it.get("SagsNummer"):
            parts.append(f"<p>Sagsnr.: {htmlmod.escape(it['SagsNummer'])}</p>")
        for fe in it.get("Felter") or []:
            h = strip_remote((fe or {}).get("Html") or "")
            parts.append(add_soft_hyphens(h) if shy else h)
    body = "\n".join(parts)
    return f'<!doctype html><html lang="da"><head><meta charset="utf-8"><style>{CSS}</style></head><body>\n{body}\n</body></html>'


def chromium_print(html_path: Path, pdf_path: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--user-data-dir={profile}", f"--print-to-pdf={pdf_path}", html_path.as_uri()],
                       check=True, capture_output=True, timeout=180)
    if not pdf_path.exists():
        raise RuntimeError(f"Chromium wrote no PDF for {html_path}")


def member_names(n: int) -> list[str]:
    """Real names from the corpus' attendance lists, topped up with made-up Danish names;
    unique, none inside another, so their order in extracted text is unambiguous."""
    names: list[str] = []
    for f in sorted(CORPUS.glob("*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        for p in (d.get("Moede") or {}).get("Moededeltagere") or []:
            if p.get("Name") and p["Name"] not in names:
                names.append(p["Name"])
    first = ["Søren", "Mette", "Jørgen", "Åse", "Bjørn", "Lærke", "Kåre", "Birthe", "Ærenfried", "Østen",
             "Gitte", "Poul", "Inger", "Thøger", "Malene", "Ove", "Dorthe", "Jens Åge", "Bente", "Mogens"]
    last = ["Nørgaard", "Kjær", "Sørensen", "Ølgaard", "Damsgård", "Bækgaard", "Høj", "Lykkegård",
            "Krogh", "Møller", "Åberg", "Fæster", "Vestergård", "Holm", "Brøndum"]
    names += [f"{a} {b}" for b in last for a in first]
    out: list[str] = []
    for nm in names:
        if len(out) == n:
            break
        if not any(nm in o or o in nm for o in out):
            out.append(nm)
    return out


def fpdf_new():
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(DEJAVU / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(DEJAVU / "DejaVuSans-Bold.ttf"))
    return pdf


def make_fpdf_minutes(path: Path, lines: list[tuple[str, str, bool]], title: str, date: str, footer_first: bool) -> dict:
    """Minutes with running header (left + right part on one baseline) and footer
    "Side N af M"; returns the source, page by page, as physical lines."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    head_left, head_right = f"Greve Kommune · {title}", f"Referat {date}"

    class Minutes(FPDF):
        def draw_footer(self):
            auto, margin = self.auto_page_break, self.b_margin
            self.set_auto_page_break(False)  # drawing in the bottom margin must not break the page
            self.set_y(-15)
            self.set_font("DejaVu", "", 8)
            self.cell(0, 6, f"Side {self.page_no()} af {{nb}}", align="C")
            self.set_auto_page_break(auto, margin=margin)

        def header(self):
            if footer_first:
                y = self.get_y()
                self.draw_footer()
                self.set_y(y)
            self.set_font("DejaVu", "", 8)
            self.cell(0, 6, head_left, align="L")
            self.set_x(self.l_margin)
            self.cell(0, 6, head_right, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.ln(4)

        def footer(self):
            if not footer_first:
                self.draw_footer()

    pdf = Minutes(format="A4")
    pdf.add_font("DejaVu", "", str(DEJAVU / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(DEJAVU / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    style = {"h1": ("B", 16, 8), "h2": ("B", 13, 7), "h3": ("B", 11, 6), "h4": ("B", 10.5, 5.5)}
    body: list[tuple[int, str, str]] = []  # (page, line, kind)
    for text, kind, _table in lines:
        st, size, h = style.get(kind, ("", 10, 5))
        pdf.set_font("DejaVu", st, size)
        if kind.startswith("h"):
            pdf.ln(2)
        for phys in pdf.multi_cell(0, h, text, dry_run=True, output="LINES"):
            phys = phys.strip()
            if not phys:
                continue
            pdf.cell(0, h, phys, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            body.append((pdf.page_no(), phys, kind if kind.startswith("h") else "p"))
    total = pdf.page_no()
    pdf.output(str(path))
    pages = []
    for p in range(1, total + 1):
        pages.append({"header": f"{head_left} {head_right}", "footer": f"Side {p} af {total}",
                      "lines": [(t, k) for (pg, t, k) in body if pg == p]})
    return {"pages": pages}


def make_fpdf_members(path: Path, lists: list[tuple[str, list[str], list[str]]], column_first: bool) -> None:
    from fpdf.enums import XPos, YPos

    pdf = fpdf_new()
    for title, left, right in lists:
        pdf.add_page()
        pdf.set_font("DejaVu", "B", 14)
        pdf.cell(0, 10, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font("DejaVu", "", 11)
        y0 = pdf.get_y() + 4
        if column_first:  # a two-column section: the whole left column, then the right one
            for x, col in ((20, left), (110, right)):
                for i, nm in enumerate(col):
                    pdf.set_xy(x, y0 + 7 * i)
                    pdf.cell(80, 7, nm)
        else:  # a borderless table: row by row
            for i in range(max(len(left), len(right))):
                for x, col in ((20, left), (110, right)):
                    if i < len(col):
                        pdf.set_xy(x, y0 + 7 * i)
                        pdf.cell(80, 7, col[i])
    pdf.output(str(path))


def members_html(lists, mode: str) -> str:
    secs = []
    for title, left, right in lists:
        if mode == "css-columns":
            names = "".join(f"<div>{htmlmod.escape(n)}</div>" for n in left + right)
            inner = f'<div style="column-count:2; column-fill:auto; height:{len(left) * 1.4 + 0.5}em">{names}</div>'
        else:
            rows = "".join(f"<tr><td>{htmlmod.escape(a)}</td><td>{htmlmod.escape(b)}</td></tr>" for a, b in zip(left, right))
            inner = f'<table style="width:100%; border:0">{rows}</table>'
        secs.append(f'<section style="break-after:page"><h2>{htmlmod.escape(title)}</h2>{inner}</section>')
    css = "@page{size:A4;margin:20mm} body{font-family:'DejaVu Sans';font-size:11pt;line-height:1.4} td{border:0;padding:0;width:50%}"
    return f'<!doctype html><html lang="da"><head><meta charset="utf-8"><style>{css}</style></head><body>{"".join(secs)}</body></html>'


def make_pdfs(folder: Path, n_meetings: int) -> list[dict]:
    """Write all test PDFs; return their descriptions with the source text."""
    meetings = pick_meetings(n_meetings)
    docs: list[dict] = []
    jobs = []
    for i, m in enumerate(meetings):
        shy = i % 2 == 1
        html = meeting_html(m, shy)
        hp = folder / f"meeting{i:02d}.html"
        hp.write_text(html, encoding="utf-8")
        pp = folder / f"meeting{i:02d}.pdf"
        jobs.append((hp, pp))
        docs.append({"name": pp.name, "path": str(pp), "set": "html-shy" if shy else "html",
                     "meeting": m["file"].name, "lines": visible_lines(html)})
    # fpdf minutes: text of the first two meetings, footer after / before the body
    for j, footer_first in enumerate((False, True)):
        m = meetings[j % len(meetings)]
        lines = [ln for ln in visible_lines(meeting_html(m, False)) if ln[0]][:FPDF_LINES]
        d = m["data"]
        pp = folder / f"fpdf-minutes{j}.pdf"
        src = make_fpdf_minutes(pp, lines, (d.get("Udvalg") or {}).get("Navn") or "Udvalg",
                                ((d.get("Moede") or {}).get("Dato") or "")[:10], footer_first)
        docs.append({"name": pp.name, "path": str(pp), "set": "fpdf-ftr1st" if footer_first else "fpdf", **src})
    # two-column member lists
    names = member_names(90)
    lists = [(f"Medlemmer af {t}", names[k * 30: k * 30 + 15], names[k * 30 + 15: k * 30 + 30])
             for k, t in enumerate(["Byrådet", "Økonomiudvalget", "Kultur- og Fritidsudvalget"])]
    for mode in ("col-stream", "row-stream"):
        pp = folder / f"members-fpdf-{mode}.pdf"
        make_fpdf_members(pp, lists, column_first=(mode == "col-stream"))
        docs.append({"name": pp.name, "path": str(pp), "set": "members", "mode": f"fpdf {mode}", "lists": lists})
    for mode in ("css-columns", "table"):
        hp = folder / f"members-html-{mode}.html"
        hp.write_text(members_html(lists, mode), encoding="utf-8")
        pp = folder / f"members-html-{mode}.pdf"
        jobs.append((hp, pp))
        docs.append({"name": pp.name, "path": str(pp), "set": "members", "mode": f"chromium {mode}", "lists": lists})
    with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as ex:
        list(ex.map(lambda hp_pp: chromium_print(*hp_pp), jobs))
    return docs


# ----------------------------------------------------------------------------- extraction (worker side)

def extract_texts(variant: str, path: str) -> list[str]:
    if variant.startswith("pypdf") and not variant.startswith("pypdfium"):
        import pypdf

        reader = pypdf.PdfReader(path)
        if variant == "pypdf-layout":
            return [p.extract_text(extraction_mode="layout") or "" for p in reader.pages]
        return [p.extract_text() or "" for p in reader.pages]
    if variant == "pypdfium2":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(path)
        out = []
        try:
            for i in range(len(pdf)):
                page = pdf[i]
                tp = page.get_textpage()
                out.append(tp.get_text_range())
                tp.close()
                page.close()
        finally:
            pdf.close()
        return out
    if variant.startswith("pdfplumber"):
        import pdfplumber

        out = []
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                out.append(page.extract_text(layout=(variant == "pdfplumber-layout")) or "")
                page.close()  # drop the page's cached objects, as a long run must
        return out
    raise ValueError(variant)


def font_lines(lib: str, path: str) -> list[list[tuple[str, float, str, float]]]:
    """Per page, lines as (text, font size, font name, top/baseline y), size and font
    taken from the line's first glyph run."""
    pages = []
    if lib == "pdfplumber":
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                lines: list[list] = []
                for w in page.extract_words(extra_attrs=["size", "fontname"]):
                    if lines and abs(w["top"] - lines[-1][3]) <= 2 and w["x0"] >= lines[-1][4] - 1:
                        lines[-1][0] += " " + w["text"]
                        lines[-1][4] = w["x1"]
                    else:
                        lines.append([w["text"], round(w["size"], 2), w["fontname"], w["top"], w["x1"]])
                pages.append([tuple(ln[:4]) for ln in lines])
                page.close()
        return pages
    if lib == "pypdfium2":
        import ctypes

        import pypdfium2 as pdfium
        import pypdfium2.raw as R

        buf = ctypes.create_string_buffer(256)
        flags = ctypes.c_int()
        pdf = pdfium.PdfDocument(path)
        try:
            for i in range(len(pdf)):
                page = pdf[i]
                tp = page.get_textpage()
                raw = tp.raw
                n = R.FPDFText_CountChars(raw)
                lines, cur, attrs = [], [], None
                for k in range(n):
                    u = R.FPDFText_GetUnicode(raw, k)
                    if u in (10, 13):
                        if cur:
                            lines.append(("".join(cur), *attrs))
                            cur = []
                        continue
                    if not cur:
                        if u == 32:
                            continue
                        size = R.FPDFText_GetFontSize(raw, k)
                        ln = R.FPDFText_GetFontInfo(raw, k, buf, 256, ctypes.byref(flags))
                        name = buf.raw[:max(ln - 1, 0)].decode("utf-8", "replace")
                        top = tp.get_charbox(k)[3]
                        attrs = (round(size, 2), name, top)
                    cur.append(chr(u))
                if cur:
                    lines.append(("".join(cur), *attrs))
                pages.append(lines)
                tp.close()
                page.close()
        finally:
            pdf.close()
        return pages
    if lib == "pypdf":
        import pypdf

        reader = pypdf.PdfReader(path)
        for page in reader.pages:
            lines: list[list] = []
            state = {"new": True}

            def visit(text, cm, tm, font_dict, font_size):
                a, b, c, d, e, f = tm
                A, B, C, D, E, F = cm
                m2, m3, m5 = a * C + b * D, c * C + d * D, e * B + f * D + F
                size = font_size * math.hypot(m2, m3)
                name = str(font_dict.get("/BaseFont", "")) if font_dict else ""
                for j, piece in enumerate(text.split("\n")):
                    if j > 0:
                        state["new"] = True
                    if not piece.strip():
                        continue
                    if state["new"] or not lines or abs(lines[-1][3] - m5) > 2:
                        lines.append([piece.lstrip(), round(size, 2), name, m5])
                        state["new"] = False
                    else:
                        lines[-1][0] += piece

            page.extract_text(visitor_text=visit)
            pages.append([tuple(ln) for ln in lines])
        return pages
    raise ValueError(lib)


def rss_kb(field: str = "VmRSS") -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def worker(args) -> None:
    spec = json.loads(Path(args.worker_spec).read_text())
    paths, runs, variant, kind = spec["paths"], spec["runs"], args.worker, spec["kind"]
    extract_texts(variant, paths[0])  # import and warm up outside the clock
    base = rss_kb()
    try:
        Path("/proc/self/clear_refs").write_text("5")  # reset the peak RSS (VmHWM) to now
    except OSError:
        pass
    times, by_kind, texts = [], [], {}
    for r in range(runs):
        per_kind = Counter()
        t0 = time.perf_counter()
        pages = 0
        for p in paths:
            t1 = time.perf_counter()
            out = extract_texts(variant, p)
            per_kind[kind[p]] += time.perf_counter() - t1
            pages += len(out)
            if r == 0:
                texts[p] = out
        times.append(time.perf_counter() - t0)
        by_kind.append(per_kind)
    peak_rss = (rss_kb("VmHWM") - base) / 1024
    tm_peak = None
    if spec["tracemalloc"]:  # Python-heap peak while reading one PDF (C memory is not seen)
        tracemalloc.start()
        extract_texts(variant, spec["tracemalloc_pdf"])
        tm_peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    result = {"variant": variant, "times": times, "pages": pages, "peak_rss_mb": peak_rss,
              "tracemalloc_mb": tm_peak, "texts": texts,
              "kind_best": {k: min(pk[k] for pk in by_kind) for k in by_kind[0]}}
    if spec["font_runs"] and variant in FONT_LIBS:
        ftimes, flines = [], {}
        for r in range(spec["font_runs"]):
            t0 = time.perf_counter()
            for p in paths:
                out = font_lines(variant, p)
                if r == 0:
                    flines[p] = out
            ftimes.append(time.perf_counter() - t0)
        result["font_times"] = ftimes
        result["font_lines"] = flines
    Path(spec["out"]).write_text(json.dumps(result, ensure_ascii=False))


def versions() -> dict:
    import fpdf
    import pdfminer
    import pdfplumber
    import pypdf
    import pypdfium2

    v = pypdfium2.version
    return {"pypdf": pypdf.__version__, "pypdfium2": f"{v.PYPDFIUM_INFO} (pdfium {v.PDFIUM_INFO})",
            "pdfplumber": f"{pdfplumber.__version__} (pdfminer.six {pdfminer.__version__})", "fpdf2": fpdf.__version__}


# ----------------------------------------------------------------------------- scoring

LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"}
DANISH = "æøåÆØÅ"


def normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    # pdfium's mark for a hyphen at a line end, which it also joins to the next line
    # ("Beskæftigelses-|og" -> "Beskæftigelses\ufffeog"): give back the hyphen and the break
    text = text.replace("\ufffe", "-\n").replace("\x02", "-\n")
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00a0", " ").replace("\u00ad", "")
    for k, v in LIGATURES.items():
        text = text.replace(k, v)
    return text


def tokens_by_line(text: str) -> tuple[list[str], list[bool], list[bool]]:
    toks, starts, ends = [], [], []
    for line in normalise(text).split("\n"):
        ws = line.split()
        for i, w in enumerate(ws):
            toks.append(w)
            starts.append(i == 0)
            ends.append(i == len(ws) - 1)
    return toks, starts, ends


def lis_len(seq: list[int]) -> int:
    tails: list[int] = []
    for x in seq:
        i = bisect.bisect_left(tails, x)
        if i == len(tails):
            tails.append(x)
        else:
            tails[i] = x
    return len(tails)


def score_words(src_lines: list[str], ext_text: str) -> dict:
    src = [w for ln in src_lines for w in normalise(ln).split()]
    ext, starts, ends = tokens_by_line(ext_text)
    cs, ce = Counter(src), Counter(ext)
    common = sum((cs & ce).values())
    bs, be = Counter(zip(src, src[1:])), Counter(zip(ext, ext[1:]))
    # global reading order: words that occur once on both sides, longest run in source order
    pos_e = {w: i for i, w in enumerate(ext) if ce[w] == 1}
    anchors = [pos_e[w] for w in src if cs[w] == 1 and w in pos_e]
    glue = Counter(a + b for a, b in zip(src, src[1:]))
    glued = sum(n for w, n in ce.items() if w in glue and w not in cs)
    split = sum(1 for x, y in zip(ext, ext[1:])
                if (x.rstrip("-\u2010\u00ad\x02") + y) in cs and (x not in cs or y not in cs))
    dk_src = Counter(ch for ch in "".join(src) if ch in DANISH)
    dk_ext = Counter(ch for ch in unicodedata.normalize("NFC", ext_text) if ch in DANISH)
    return {"src_words": len(src), "recall": common / max(len(src), 1), "precision": common / max(len(ext), 1),
            "bigram": sum((bs & be).values()) / max(sum(bs.values()), 1),
            "order": lis_len(anchors) / max(len(anchors), 1), "glued": glued, "split": split,
            "danish": sum((dk_src & dk_ext).values()) / max(sum(dk_src.values()), 1),
            "_ext": (ext, starts, ends)}


def lines_kept(src_lines: list[str], ext: tuple, exact: bool) -> tuple[int, int]:
    """How many source lines start and end at extracted line breaks (wrapping inside is
    allowed unless ``exact``: then the line must be one extracted line)."""
    toks, starts, ends = ext
    index: dict[str, list[int]] = {}
    for i, w in enumerate(toks):
        if starts[i]:
            index.setdefault(w, []).append(i)
    kept = total = 0
    for ln in src_lines:
        ws = normalise(ln).split()
        if not ws:
            continue
        total += 1
        k = len(ws)
        for p in index.get(ws[0], []):
            if toks[p:p + k] == ws and ends[p + k - 1] and (not exact or all(not starts[q] for q in range(p + 1, p + k))):
                kept += 1
                break
    return kept, total


def member_order(page_text: str, left: list[str], right: list[str]) -> str:
    text = " ".join(normalise(page_text).split())
    pos = {n: text.find(n) for n in left + right}
    missing = [n for n, p in pos.items() if p < 0]
    if missing:
        return f"missing {len(missing)}"
    seq = sorted(pos, key=pos.get)
    if seq == left + right:
        return "columns"
    if seq == [n for pair in zip(left, right) for n in pair]:
        return "rows"
    return "mixed"


def pitfalls(pages: list[str]) -> Counter:
    c = Counter()
    for t in pages:
        c["\\r"] += t.count("\r")
        c["U+00AD"] += t.count("\u00ad")
        c["U+0002"] += t.count("\x02")
        c["U+FFFE"] += t.count("\ufffe")
        c["lig"] += sum(t.count(k) for k in LIGATURES)
        c["\\f"] += t.count("\f")
        c["NBSP"] += t.count("\u00a0")
        c["U+FFFD"] += t.count("\ufffd")
        c["comb"] += sum(1 for ch in t if unicodedata.combining(ch))
        c["trail-sp"] += sum(1 for ln in t.replace("\r\n", "\n").split("\n") if ln != ln.rstrip(" \t"))
        c["hyph-eol"] += len(re.findall(r"\w[-\u2010\u00ad\x02]\r?\n", t))
    return c


def doc_source(doc: dict) -> tuple[list[str], list[str]]:
    """(all source lines in reading order, lines to test for line keeping)."""
    if doc["set"].startswith("html"):
        lines = [t for t, _k, _tab in doc["lines"]]
        return lines, [t for t, _k, tab in doc["lines"] if not tab]
    lines = []
    for pg in doc["pages"]:
        lines += [pg["header"]] + [t for t, _k in pg["lines"]] + [pg["footer"]]
    return lines, lines


def headings(doc: dict) -> list[str]:
    if doc["set"].startswith("html"):
        return [t for t, k, tab in doc["lines"] if k in HEADINGS and not tab]
    return [t for pg in doc["pages"] for t, k in pg["lines"] if k.startswith("h")]


def heading_check(doc: dict, pages_lines: list) -> tuple[int, int, int]:
    """(source headings, found as a line start, found and bigger or bolder than body text)."""
    lines = [ln for pg in pages_lines for ln in pg]
    sizes = [ln[1] for ln in lines if ln[1] and len(ln[0]) > 40]
    body = statistics.median(sizes) if sizes else 0
    by_text = {}
    for ln in lines:
        key = " ".join(normalise(ln[0]).split())
        by_text.setdefault(key, ln)
    hs = headings(doc)
    found = good = 0
    for h in hs:
        key = " ".join(normalise(h).split())
        hit = by_text.get(key)
        if hit is None:  # a wrapped heading: its first line
            hit = next((ln for k, ln in by_text.items() if len(k) >= 12 and key.startswith(k)), None)
        if hit is None:
            continue
        found += 1
        if hit[1] > body * 1.03 or "bold" in hit[2].lower():
            good += 1
    return len(hs), found, good


# ----------------------------------------------------------------------------- main

def fmt_table(header: list[str], rows: list[list]) -> str:
    cells = [[str(c) for c in header]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    out = []
    for j, r in enumerate(cells):
        out.append("  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r)))
        if j == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def main() -> None:
    global CORPUS
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--meetings", type=int, default=6, help="Greve meetings to print with Chromium (default 6)")
    ap.add_argument("--repeat", type=int, default=1, help="read every PDF K times per timed run (default 1)")
    ap.add_argument("--runs", type=int, default=3, help="timed runs per library; the best counts (default 3)")
    ap.add_argument("--variants", default=",".join(DEFAULT_VARIANTS),
                    help="comma-separated from " + ",".join(VARIANTS) + ", or 'all' (default: %(default)s)")
    ap.add_argument("--no-tracemalloc", action="store_true", help="skip the (slow) tracemalloc pass")
    ap.add_argument("--font-runs", type=int, default=1, help="timed runs of the lines-with-font-size pass (default 1)")
    ap.add_argument("--no-font", action="store_true", help="skip the lines-with-font-size pass")
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="FirstAgenda JSON folder (default: %(default)s)")
    ap.add_argument("--keep", metavar="DIR", help="write the test PDFs here and keep them (default: a temp folder)")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--worker-spec", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        return worker(args)
    CORPUS = args.corpus
    if not Path(CHROMIUM).exists():
        sys.exit(f"needs {CHROMIUM}: apt-get install -y chromium")
    if not (DEJAVU / "DejaVuSans.ttf").exists():
        sys.exit("needs DejaVu fonts: apt-get install -y fonts-dejavu-core")
    variants = VARIANTS if args.variants == "all" else [v for v in args.variants.split(",") if v]
    if unknown := [v for v in variants if v not in VARIANTS]:
        sys.exit(f"unknown variant(s) {unknown}; choose from {VARIANTS}")
    vers = versions()
    print("versions: " + "; ".join(f"{k} {v}" for k, v in vers.items()) + f"; Python {sys.version.split()[0]}")

    with tempfile.TemporaryDirectory(prefix="bench_pdf_") as tmp:
        folder = Path(args.keep) if args.keep else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        docs = make_pdfs(folder, args.meetings)
        import pypdfium2 as pdfium

        for d in docs:
            pdf = pdfium.PdfDocument(d["path"])
            d["n_pages"] = len(pdf)
            pdf.close()
        distinct_pages = sum(d["n_pages"] for d in docs)
        print(f"made {len(docs)} PDFs, {distinct_pages} pages, in {time.perf_counter() - t0:.1f}s "
              f"({args.meetings} meetings by Chromium; read {args.repeat}x per run -> {distinct_pages * args.repeat} pages per run)",
              flush=True)
        paths = [d["path"] for d in docs] * args.repeat
        kind = {d["path"]: "chromium" if d["set"].startswith("html") or d.get("mode", "").startswith("chromium") else "fpdf"
                for d in docs}
        kind_pages = Counter()
        for d in docs:
            kind_pages[kind[d["path"]]] += d["n_pages"] * args.repeat
        by_size = sorted((d for d in docs if d["set"].startswith("html")), key=lambda d: (d["n_pages"], d["name"]))
        tm_pdf = by_size[len(by_size) // 2]["path"]  # the median meeting: tracemalloc slows pdfplumber ~3x

        results = {}
        for v in variants:
            spec = folder / f"spec-{v}.json"
            out = folder / f"out-{v}.json"
            spec.write_text(json.dumps({"paths": paths, "runs": args.runs, "out": str(out), "kind": kind,
                                        "tracemalloc_pdf": tm_pdf, "tracemalloc": not args.no_tracemalloc,
                                        "font_runs": 0 if args.no_font else args.font_runs}))
            t1 = time.perf_counter()
            subprocess.run([sys.executable, __file__, "--worker", v, "--worker-spec", str(spec)], check=True)
            results[v] = json.loads(out.read_text())
            print(f"  {v}: done in {time.perf_counter() - t1:.1f}s", flush=True)

    # --- speed and memory
    rows = []
    for v, r in results.items():
        best = min(r["times"])
        kb = r["kind_best"]
        rows.append([v, r["pages"], f"{best:.2f}", f"{r['pages'] / best:.0f}",
                     f"{kind_pages['chromium'] / kb['chromium']:.0f}", f"{kind_pages['fpdf'] / kb['fpdf']:.0f}",
                     " ".join(f"{t:.2f}" for t in r["times"]), f"{r['peak_rss_mb']:.1f}",
                     "-" if r["tracemalloc_mb"] is None else f"{r['tracemalloc_mb']:.1f}"])
    print("\n## Speed: text of all pages (best of %d runs) and memory" % args.runs)
    print(f"(pages/s on the {kind_pages['chromium']} Chromium pages and the {kind_pages['fpdf']} fpdf2 pages apart; "
          "peak RSS d = peak RSS over the timed runs minus RSS after a warm-up read; "
          f"tracemalloc = Python-heap peak reading the median meeting PDF, {Path(tm_pdf).name}, "
          f"{next(d['n_pages'] for d in docs if d['path'] == tm_pdf)} pages)")
    print(fmt_table(["variant", "pages", "best s", "pages/s", "p/s chromium", "p/s fpdf", "runs s",
                     "peak RSS d MB", "tracemalloc MB"], rows))

    # --- accuracy per set
    sets = ["html", "html-shy", "fpdf", "fpdf-ftr1st"]
    acc_rows, summary = [], {}
    for v, r in results.items():
        for s in sets:
            agg = Counter()
            kept = exact = hf = 0
            n_lines = n_pages = 0
            sds = [d for d in docs if d["set"] == s]
            if not sds:
                continue
            for d in sds:
                pages = r["texts"][d["path"]]
                src_lines, test_lines = doc_source(d)
                sc = score_words(src_lines, "\n".join(pages))
                w = sc["src_words"]
                agg["words"] += w
                for k in ("recall", "precision", "bigram", "order", "danish"):
                    agg[k] += sc[k] * w
                agg["glued"] += sc["glued"]
                agg["split"] += sc["split"]
                k1, tot = lines_kept(test_lines, sc["_ext"], exact=False)
                kept += k1
                n_lines += tot
                if not s.startswith("html"):
                    k2, _ = lines_kept(test_lines, sc["_ext"], exact=True)
                    exact += k2
                    for pg, txt in zip(d["pages"], pages):
                        ls = [" ".join(normalise(x).split()) for x in normalise(txt).split("\n")]
                        ls = [x for x in ls if x]
                        n_pages += 1
                        hf += bool(ls) and ls[0] == pg["header"] and ls[-1] == pg["footer"]
            W = max(agg["words"], 1)
            m = {k: agg[k] / W for k in ("recall", "precision", "bigram", "order", "danish")}
            summary.setdefault(v, {})[s] = m
            acc_rows.append([v, s, agg["words"], pct(m["recall"]), pct(m["precision"]), pct(m["bigram"]),
                             pct(m["order"]), agg["glued"], agg["split"], pct(m["danish"]),
                             pct(kept / max(n_lines, 1)),
                             "-" if s.startswith("html") else pct(exact / max(n_lines, 1)),
                             "-" if s.startswith("html") else f"{hf}/{n_pages}"])
    acc_rows.sort(key=lambda row: (sets.index(row[1]), variants.index(row[0])))
    print("\n## Accuracy against the source text (word multisets; order = share of once-only words in source order)")
    print(fmt_table(["variant", "set", "src words", "recall", "precision", "bigrams", "order", "glued", "split",
                     "æøå", "lines kept", "exact lines", "hdr+ftr in place"], acc_rows))

    # --- two-column member lists
    mem_docs = [d for d in docs if d["set"] == "members"]
    mrows = []
    for v, r in results.items():
        row = [v]
        for d in mem_docs:
            res = [member_order(t, left, right) for t, (_tt, left, right) in zip(r["texts"][d["path"]], d["lists"])]
            c = Counter(res)
            row.append(", ".join(f"{k}" if n == len(res) else f"{k} {n}/{len(res)}" for k, n in c.most_common()))
        mrows.append(row)
    print("\n## Two-column member lists (intended: left column, then right; 'rows' = L1 R1 L2 R2 ...)")
    print(fmt_table(["variant"] + [d["mode"] for d in mem_docs], mrows))

    # --- pitfalls in the raw output
    keys = ["\\r", "U+00AD", "U+0002", "U+FFFE", "hyph-eol", "lig", "\\f", "NBSP", "U+FFFD", "comb", "trail-sp"]
    prow = []
    for v, r in results.items():
        c = Counter()
        for d in docs:
            c += pitfalls(r["texts"][d["path"]])
        prow.append([v] + [c[k] for k in keys])
    print("\n## Raw-output oddities over all distinct PDFs (before normalising; hyph-eol = letter + -/U+2010/U+00AD/U+0002 at a line end)")
    print(fmt_table(["variant"] + keys, prow))

    # --- lines with font size
    frows = []
    for v, r in results.items():
        if "font_times" not in r:
            continue
        best = min(r["font_times"])
        nh = nf = ng = 0
        nlines = 0
        for d in docs:
            if d["set"] == "members":
                continue
            a, b, c = heading_check(d, r["font_lines"][d["path"]])
            nh, nf, ng = nh + a, nf + b, ng + c
            nlines += sum(len(pg) for pg in r["font_lines"][d["path"]])
        text_best = min(r["times"])
        frows.append([v, f"{best:.2f}", f"{r['pages'] / best:.0f}", f"{best / text_best:.1f}x", nlines,
                      f"{nf}/{nh}", f"{ng}/{nh}"])
    if frows:
        print("\n## Lines with font size + font name + position (best of %d; headings: found as a line / and bigger or bold vs body)" % args.font_runs)
        print(fmt_table(["library", "best s", "pages/s", "vs text only", "lines (1 read)", "headings found", "bigger|bold"], frows))

    # --- recommendation
    def quality(v):
        s = summary.get(v, {})
        vals = [s[k]["recall"] * s[k]["precision"] * s[k]["order"] for k in s]
        return sum(vals) / max(len(vals), 1)

    speed = {v: r["pages"] / min(r["times"]) for v, r in results.items()}
    bestq = max(quality(v) for v in results)
    ok = [v for v in results if quality(v) >= bestq - 0.01]
    pick = max(ok, key=lambda v: speed[v])
    others = ", ".join(f"{speed[pick] / speed[v]:.0f}x {v}" for v in results if v != pick)
    print(f"\nRecommendation: {pick} — within 1 point of the best accuracy (recall*precision*order "
          f"{100 * quality(pick):.1f}% vs best {100 * bestq:.1f}%) and the fastest such: {speed[pick]:.0f} pages/s ({others}).")


if __name__ == "__main__":
    main()

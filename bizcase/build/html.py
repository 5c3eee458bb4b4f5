"""Assembling the report: the executed chapters as one self-contained HTML page.

:func:`page` gives one edition's page: a title page (naming a variant and the values it changes), a
table of contents, numbered chapters, tables and figures, code hidden (or shown in the audit
edition). No script, style or font is fetched from the internet. The PDF is rendered from the page
as it is (:mod:`bizcase.build.pdf`); the screen editions add the lineage panel
(:mod:`bizcase.build.editions`).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import re
import subprocess
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from pygments.formatters import HtmlFormatter

from bizcase import __version__
from bizcase.build.datafiles import DATA_FILES, data_files
from bizcase.build.files import ROOT
from bizcase.build.notebooks import normalise
from bizcase.build.variants import variant_block, variant_name
from bizcase.publish.formatting import long_date

STYLE = Path(__file__).with_name("report.css")


def _exporter(audit: bool):
    exporter = HTMLExporter(template_name="basic")
    exporter.exclude_input = not audit
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.anchor_link_text = ""
    return exporter


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _body(notebooks: list[Path], audit: bool) -> str:
    exporter = _exporter(audit)
    parts = []
    for path in notebooks:
        # stable cell ids first: nbformat replaces duplicate ids by random ones
        nb = nbformat.reads(json.dumps(normalise(json.loads(Path(path).read_text(encoding="utf-8")))), as_version=4)
        if not audit:
            # the parameters and set-up cells carry no output worth showing
            hidden = {"remove-cell", "parameters", "injected-parameters"}
            nb.cells = [c for c in nb.cells if not hidden & set(c.metadata.get("tags", []))]
        body, _ = exporter.from_notebook_node(nb)
        body = re.sub(r'<a class="anchor-link" href="[^"]*">[^<]*</a>', "", body)
        body = _chapter_starts(body)
        parts.append(f"<section class='chapter' id='ch-{_slug(Path(path).stem)}'>{_nbsp(body)}</section>")
    return "\n".join(parts)


def _chapter_starts(body: str) -> str:
    """A notebook that holds two chapters (1 and 2, 7 and 8): every chapter heading after its first
    gets the class ``chapter-start``, so the PDF starts that chapter on a new page as well."""
    count = iter(range(len(body)))
    return re.sub(r"<h1(?=[ >])", lambda m: '<h1 class="chapter-start"' if next(count) else "<h1", body)


def _nbsp(body: str) -> str:
    """Keep the euro sign with its amount ('€ 3,4 miljoen' never breaks after '€'): a no-break
    space outside code blocks; the helpers in bizcase.publish.report write a plain space."""
    parts = re.split(r"(<pre[ >].*?</pre>)", body, flags=re.S)
    return "".join(part if part.startswith("<pre") else re.sub(r"€ (?=[-\d])", "€&nbsp;", part) for part in parts)


# ---------------------------------------------------------------- accessibility (WCAG 2.1 AA, issue 23)
# A table wider than a phone scrolls sideways inside its box (report.css), never the page: such a box
# is a region a keyboard can reach (tabindex 0, WCAG 2.1.1) and a screen reader names (the table's
# caption). Every table gets one, whether or not it overflows on a given screen: without a script
# the page cannot know. The chapters write the boxes of their own tables (bizcase.publish.render);
# tables written in a chapter's Markdown (the glossary) get one here.
SCROLL_LABEL = "Tabel, horizontaal scrollbaar"
MAIN_ID = "inhoud"
SKIP_LINK = f'<a class="skip-link" href="#{MAIN_ID}">Naar de inhoud</a>'

_SCROLL_BOX = re.compile(r"""<div class=(["'])table-scroll\1>(?=\s*<table[^>]*>\s*(?:<caption[^>]*>(.*?)</caption>)?)""", re.S)
_TABLE = re.compile(r"<table[ >].*?</table>", re.S)


def _region(label: str) -> str:
    return f'<div class="table-scroll" tabindex="0" role="region" aria-label="{html.escape(label, quote=True)}">'


def _scroll_regions(body: str) -> str:
    """Every table in a keyboard-reachable, named region that scrolls sideways (see above)."""
    def boxed(m):
        caption = html.unescape(re.sub(r"<[^>]+>", "", m.group(2) or "")).strip()
        return _region(caption or SCROLL_LABEL)

    body = _SCROLL_BOX.sub(boxed, body)
    # a table not yet in a box (only the boxes above carry role="region")
    parts = re.split(r"""(<div class="table-scroll" tabindex="0" role="region"[^>]*>\s*<table[ >].*?</table>)""", body, flags=re.S)
    return "".join(part if part.startswith('<div class="table-scroll"') else
                   _TABLE.sub(lambda m: _region(SCROLL_LABEL) + m.group(0) + "</div>", part) for part in parts)


def _toc_and_ids(body: str) -> tuple[str, str]:
    """Give every h1/h2 a stable id and build the table of contents from them."""
    entries = []

    def repl(m):
        level, attrs, inner = m.group(1), m.group(2), m.group(3)
        text = re.sub(r"<[^>]+>", "", inner).strip()
        anchor = "h-" + _slug(text)
        entries.append((level, anchor, text))
        attrs = re.sub(r'\s*id="[^"]*"', "", attrs)
        return f'<h{level}{attrs} id="{anchor}">{inner}</h{level}>'

    body = re.sub(r"<h([12])([^>]*)>(.*?)</h\1>", repl, body, flags=re.S)
    items = []
    for level, anchor, text in entries:
        cls = "toc-1" if level == "1" else "toc-2"
        items.append(f"<li class='{cls}'><a href='#{anchor}'>{html.escape(html.unescape(text))}</a></li>")
    # the PDF stylesheet adds each entry's page number (target-counter); on wide screens the list
    # stands fixed at the left as a side navigation, on phones at the top (report.css, no script).
    # Two lists, split at the chapter nearest the middle: the PDF sets them side by side (two floats;
    # CSS columns cost WeasyPrint about 0.4 s of balancing), a screen shows them as one list.
    starts = [i for i, (level, _, _) in enumerate(entries) if level == "1" and i]
    cut = min(starts, key=lambda i: (abs(2 * i - len(items)), i)) if starts else len(items)
    lists = "".join(f"<ul>{''.join(part)}</ul>" for part in (items[:cut], items[cut:]) if part)
    toc = f"<nav class='toc' aria-label='Inhoud'><h1 class='toc-title'>Inhoud</h1>{lists}</nav>"
    return toc, body


# ---------------------------------------------------------------- title page: date and version
# Both come from the inputs themselves (the commit that last changed the data, the revision of data
# and code), never from the clock: the same inputs give the same title page on any machine. The
# data are the files the package reads (DATA_FILES): any other file in data/ is no input, so it
# moves neither the date nor the version.

REVISED_FOLDERS = ("bizcase", "notebooks")  # with the data files


def _git(*args: str) -> str | None:
    """The output of a git command in the project (None without git or outside a repository)."""
    try:
        proc = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout.strip() if proc.returncode == 0 else None


def inputs_date(data_dir: Path = ROOT / "data"):
    """The date of the inputs: the latest commit that changed a data file of ``data_dir`` when git
    knows it, else the newest modification time (UTC) of those files; None when neither is known."""
    folder = Path(data_dir).resolve()
    stamp = _git("log", "-1", "--format=%cs", "--", *(str(folder / name) for name in DATA_FILES))
    if stamp:
        return dt.date.fromisoformat(stamp)
    times = [p.stat().st_mtime for p in data_files(data_dir)]
    return dt.datetime.fromtimestamp(max(times), dt.timezone.utc).date() if times else None


def _content_hash() -> str:
    digest = hashlib.sha256()
    code = [path for folder in REVISED_FOLDERS for path in sorted((ROOT / folder).rglob("*"))]
    for path in data_files(ROOT / "data") + code:
        if path.is_file() and path.suffix in (".csv", ".py", ".ipynb", ".css", ".md", ".yml"):
            digest.update(f"{path.relative_to(ROOT).as_posix()}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def revision() -> str:
    """The revision of data and code: the commit's hash (10 characters) plus '+ wijzigingen' when
    the data files, bizcase/ or notebooks/ differ from it; without git a hash of those files' contents."""
    head = _git("rev-parse", "HEAD")
    if not head:
        return f"inhoud {_content_hash()}"
    changed = _git("status", "--porcelain", "--", *(f"data/{name}" for name in DATA_FILES), *REVISED_FOLDERS)
    return head[:10] + (" + wijzigingen" if changed else "")


def title_page(title: str, subtitle: str, kind: str, variant_line: str, data_dir: Path) -> str:
    """The title page: title, the statement that this is a reconstruction, the date of the inputs,
    the status and the version of bizcase (the commit is in the colophon, :func:`colophon`)."""
    day = inputs_date(data_dir)
    date_text = long_date(day) if day else "onbekend"
    kind_line = f'<p class="kind">{kind}</p>\n' if kind else ""
    return f"""<header class="titlepage">
<h1 class="title">{title}</h1>
<p class="subtitle">{subtitle}</p>
<p class="reconstruction">Dit is een reconstructie van de business case uit 2013, herberekend met een open model.
Het is niet het rapport van M&amp;I/Partners; de keuzes en de verschillen met het origineel staan in bijlage C.</p>
{kind_line}<dl class="colophon">
<dt>Datum</dt><dd class="inputs-date">{html.escape(date_text)}</dd>
<dt>Status</dt><dd class="status">reconstructie, niet vastgesteld door de gemeenten</dd>
<dt>Versie</dt><dd class="release">bizcase {html.escape(__version__)}</dd>
</dl>
{variant_line}
</header>"""


def colophon() -> str:
    """The colophon at the end: what made this edition, down to the commit of data and code."""
    return f"""<footer class="colophon-end">
<h2 class="colophon-title">Colofon</h2>
<p>Gemaakt met bizcase {html.escape(__version__)}, een open herberekening van de business case van M&amp;I/Partners
(januari 2013). Revisie van gegevens en code: <span class="version">{html.escape(revision())}</span>. Elk getal in
deze uitgave is berekend uit de invoer in <code>data/</code>; dezelfde invoer geeft byte voor byte dezelfde uitgave.</p>
</footer>"""


# A page ends so; the lineage panel, its data and its script go just before </body> (:func:`with_lineage`).
PAGE_END = "</main>\n</body>\n</html>\n"


def page(notebooks: list[Path], audit: bool, variant: str, params_file: Path | None = None,
         data_dir: Path = ROOT / "data") -> str:
    """The whole page of an edition, without the lineage panel: the reader's page (the PDF renders it
    as it is; the screen edition adds the panel), or with ``audit`` the audit edition's, which shows
    the code of every cell."""
    variant = variant_name(params_file, variant)
    variant_line = variant_block(variant, params_file, data_dir)
    body = _scroll_regions(_body(notebooks, audit))
    toc, body = _toc_and_ids(body)
    style = STYLE.read_text(encoding="utf-8")
    if audit:
        style += HtmlFormatter(style="default").get_style_defs(".highlight")
    title = "Business case ICT-samenwerking Haarlem-Haarlemmermeer"
    subtitle = "Reconstructie en herberekening van het rapport van M&amp;I/Partners (januari 2013)"
    kind = "Auditversie: met de code van elke berekening" if audit else ""
    return f"""<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
{style}
</style>
</head>
<body class="{'audit' if audit else 'report'}">
{SKIP_LINK}
{title_page(title, subtitle, kind, variant_line, data_dir)}
{toc}
<main id="{MAIN_ID}">
{body}
{colophon()}
{PAGE_END}"""

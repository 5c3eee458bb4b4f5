"""Building the report: execute chapter notebooks, assemble HTML, render PDF.

``python -m bizcase.build.steps <step> ...`` is called by the Makefile, one step per target:

* ``check [--params FILE.yml] [--stamp FILE] [--make]``: the build's first step, run once:
  the variant's name (its file's stem: letters, digits, '-' and '_', none of the default's
  names) and values, then touch ``FILE``; a bad variant stops the build with one line;
* ``model|sensitivity|montecarlo OUT [--params FILE.yml] [--variant NAME]``: compute one build
  artefact of the variant (the model run, the one-at-a-time analyses, the Monte Carlo) once, for
  every chapter and the workbook to read (:mod:`bizcase.build.artefacts`);
* ``execute NB ... --out-dir DIR [--model F] [--sensitivity F] [--montecarlo F] [--params FILE.yml]``:
  validate the parameters, run the notebooks one after the other in one kernel with papermill
  (set back to the fresh kernel's state between them), strip volatile metadata (timings, random cell ids) and write
  each result atomically into ``DIR``;
* ``xlsx OUT.xlsx [--model F] [--sensitivity F] [--montecarlo F] [--params FILE.yml]``: the
  workbook for consultants;
* ``assemble OUT.html NB ... [--audit] [--params FILE.yml]``: one self-contained HTML file with
  a title page naming a variant and the values it changes, a table of contents, numbered
  chapters, tables and figures, code hidden (or shown with ``--audit``); no script, style or
  font is fetched from the internet;
* ``pdf IN.html OUT.pdf``: A4 PDF with page numbers, rendered by WeasyPrint with only the
  DejaVu faces matplotlib ships (bizcase/fonts.py), so the bytes do not depend on the machine.

No step writes into the project's input folders (data/, notebooks/, variants/, bizcase/);
an OSError while writing becomes one "bizcase: error:" line naming the path.
"""
from __future__ import annotations

import argparse
import copy
import html
import json
import os
import re
import sys
import tempfile
from pathlib import Path

from bizcase.build.steps import artefacts
from bizcase.core.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
STYLE = Path(__file__).with_name("report.css")
KERNEL = "python3"


# Folders of the project that hold inputs: no build step ever writes into them.
INPUT_FOLDERS = ("data", "notebooks", "variants", "bizcase")


def check_target(path: Path) -> None:
    """Refuse to write a build output into an input folder or over a folder."""
    path = Path(path)
    resolved = path.resolve()
    for name in INPUT_FOLDERS:
        folder = (ROOT / name).resolve()
        if resolved == folder or folder in resolved.parents:
            raise InputError(str(path), "", str(path), f"an output path outside the project's {name}/ folder")
    if path.is_dir():
        raise InputError(str(path), "", str(path), "an output file name, not a folder")


def atomic_write(path: Path, data: bytes, generated_input: bool = False) -> None:
    """Write to a temporary file beside ``path`` and move it into place (or write nothing).

    An OSError (read-only folder, full disk, ...) becomes an InputError naming the path.
    ``generated_input``: ``path`` is a generated file that lives among the inputs on purpose
    (``data/calibrated.csv``, written only by ``make calibrate``), so the input-folder check is off.
    """
    path = Path(path)
    if not generated_input:
        check_target(path)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as exc:
        raise InputError(str(exc.filename or path), "", exc.strerror or type(exc).__name__,
                         "a folder we can write to (permissions, free space)") from None
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)


# ---------------------------------------------------------------- variants

# A variant's name is its YAML file's stem. It names build/report/NAME and reports/NAME, so it
# may never be (or collide on a case-insensitive disk with) a name of the default's folders.
RESERVED_NAMES = ("standaard", "default", "reports", "report", "build")
VARIANT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def check_variant_name(name: str, params_file) -> str:
    """``name`` if it is a valid variant name, else an InputError naming the variant file."""
    if not VARIANT_NAME.fullmatch(name or ""):
        raise InputError(str(params_file), "variant name (the file name without .yml)", name,
                         "letters, digits, '-' and '_' only, starting with a letter or digit")
    if name.lower() in RESERVED_NAMES:
        raise InputError(str(params_file), "variant name (the file name without .yml)", name,
                         "a name other than " + ", ".join(RESERVED_NAMES) + " (the default report's names)")
    return name


def variant_name(params_file, variant: str | None = None) -> str:
    """The checked name of the variant in ``params_file`` ('standaard' without one)."""
    if params_file is None:
        if variant not in (None, "", "standaard"):
            raise InputError("--variant", "", variant, "a variant file given with --params (variants/NAME.yml)")
        return "standaard"
    name = check_variant_name(Path(params_file).stem, params_file)
    if variant not in (None, "", name):
        raise InputError("--variant", "", variant, f"the variant file's name '{name}'")
    return name


def check(params_file: Path | None, data_dir: Path, stamp: Path | None, make: bool = False) -> None:
    """The build's first step: check the variant's name and values once, then write ``stamp``,
    which holds the variant file's path as given and, after it, the file's bytes (an empty line
    for the default): make skips the check only when the stamp is newer than every input and holds
    the same path and bytes, so another file of the same name is always checked."""
    if params_file is not None:
        variant_name(params_file)
        if make and re.search(r"\s", str(params_file)):
            raise InputError(str(params_file), "", str(params_file), "a path without spaces (make splits it)")
    variant_inputs(params_file, data_dir)
    if stamp is not None:
        content = Path(params_file).read_bytes() if params_file is not None else b""
        atomic_write(stamp, (str(params_file) if params_file is not None else "").encode("utf-8") + b"\n" + content)


def normalise(nb: dict) -> dict:
    """Drop what changes between identical runs: timings, papermill records, random ids."""
    nb = copy.deepcopy(nb)
    nb["metadata"].pop("papermill", None)
    nb["metadata"].pop("widgets", None)
    for i, cell in enumerate(nb["cells"]):
        cell["id"] = f"cell-{i:03d}"
        meta = cell.get("metadata", {})
        meta.pop("papermill", None)
        meta.pop("execution", None)
        if "tags" in meta and not meta["tags"]:
            meta.pop("tags")
        if cell["cell_type"] == "code":
            for out in cell.get("outputs", []):
                out.get("metadata", {}).pop("execution", None)
    return nb


def dumps(nb: dict) -> bytes:
    return (json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


class _kernel_chatter_to:
    """Send the kernel's own start-up warnings (stderr of the child process) to a log file, shown
    only when the kernel itself fails (a failed cell, ChapterError, and a refused output,
    InputError, are reported in one line)."""

    def __init__(self, log: Path):
        self.log = log

    def __enter__(self):
        sys.stderr.flush()
        self.saved = os.dup(2)
        self.fh = open(self.log, "wb")
        os.dup2(self.fh.fileno(), 2)

    def __exit__(self, *exc):
        sys.stderr.flush()
        os.dup2(self.saved, 2)
        os.close(self.saved)
        self.fh.close()
        # the kernel's own chatter explains a kernel that failed; a failed cell, a refused output
        # or an interrupt says enough itself
        if exc[0] is not None and not issubclass(exc[0], (ChapterError, InputError, KeyboardInterrupt)):
            sys.stderr.write(self.log.read_text(errors="replace"))
        return False


def variant_inputs(params_file: Path | None, data_dir: Path):
    """The validated inputs of a variant, and its overrides as read from ``params_file``."""
    from bizcase.core.inputs import load_inputs, read_params_file

    params = read_params_file(params_file) if params_file else {}
    return load_inputs(data_dir, overrides=params, origin=str(params_file)), params


def _variant_options(parser) -> None:
    parser.add_argument("--params", help="YAML file of id: value overrides (a variant)")
    parser.add_argument("--variant", help="the variant's name, shown on the title page")
    parser.add_argument("--data", default=str(ROOT / "data"))


# The state of a chapter kernel that the build restores between two chapters (run inside the
# kernel: kernel_snapshot() once after start, kernel_restore() before every chapter but the
# first). The imported modules stay: that is the saving.
_KERNEL_STATE: dict = {}


def kernel_snapshot() -> None:
    """Remember the fresh kernel's process state: environment, working folder, import path and,
    with pyplot imported as a chapter would (inline backend active), matplotlib's settings."""
    import matplotlib
    import matplotlib.pyplot  # noqa: F401  (activates the kernel's inline backend, as in a chapter)

    _KERNEL_STATE.update(environ=dict(os.environ), cwd=os.getcwd(), path=list(sys.path),
                         rc=dict(matplotlib.rcParams))


def kernel_restore(shell) -> None:
    """Give the next chapter what a fresh kernel would: a new session (empty namespace, execution
    count 1), no open figure, the snapshot's environment, folder, import path and matplotlib
    settings, and pandas' default options."""
    import warnings

    import matplotlib
    import matplotlib.pyplot as plt

    shell.reset(new_session=True)
    plt.close("all")
    matplotlib.rcParams.update(_KERNEL_STATE["rc"])
    os.environ.clear()
    os.environ.update(_KERNEL_STATE["environ"])
    os.chdir(_KERNEL_STATE["cwd"])
    sys.path[:] = _KERNEL_STATE["path"]
    if "pandas" in sys.modules:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # deprecated options warn when reset
            sys.modules["pandas"].reset_option("all")


# (one expression each: no name is left in, or needed from, the chapter's namespace)
SNAPSHOT = "__import__('bizcase.build.steps').build.kernel_snapshot()"
RESET = "__import__('bizcase.build.steps').build.kernel_restore(get_ipython())"


class ChapterError(Exception):
    """A chapter's cell failed: the notebook, the cell and the error, for one message."""

    def __init__(self, notebook: Path, exc):
        self.notebook, self.exc = notebook, exc
        super().__init__(f"{notebook}: cell {exc.exec_count} failed: {exc.ename}: {exc.evalue}")


def execute(notebooks: list, outs: list, params_file: Path | None, variant: str | None, data_dir: Path,
            artefact_files: dict | None = None) -> None:
    """Validate the parameters, run ``notebooks`` one after the other in one kernel with papermill,
    and write each normalised result to its path in ``outs``.

    One kernel for several chapters saves, per chapter, a kernel start and the imports of pandas,
    matplotlib and the package (together about 1 s). Before each chapter but the first the kernel
    is set back (:func:`kernel_restore`): new session, figures closed, environment, folder, import
    path, matplotlib settings and pandas options as in the fresh kernel; only imported modules
    (and their caches) stay. nbval in the test suite runs every chapter in a fresh kernel against
    the stored outputs, which `make notebooks` takes from this build, so a chapter whose output
    depended on another would fail there.

    ``artefact_files``: kind -> path of the variant's build artefacts (:mod:`bizcase.build.artefacts`),
    passed to the kernel through its environment, so that the chapters read them instead of
    computing them, and the executed notebooks carry no path of this machine (same bytes anywhere).
    """
    notebooks, outs = [Path(n) for n in notebooks], [Path(o) for o in outs]
    if len(notebooks) != len(outs) or len({n.resolve().parent for n in notebooks}) > 1:
        raise ValueError("execute: one output per notebook, and the notebooks in one folder")
    variant = variant_name(params_file, variant)
    _, params = variant_inputs(params_file, data_dir)  # stops the build with one clear message
    import logging

    import papermill
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync
    from papermill.exceptions import PapermillExecutionError

    # papermill warns about every injected assumption id (the parameters cell does not list
    # them all); they were validated above, so its warnings are noise here
    logging.getLogger("papermill").setLevel(logging.ERROR)
    engine = _shared_kernel_engine()

    parameters = dict(params)
    if params_file is not None:
        parameters["variant"] = variant
    folder = notebooks[0].resolve().parent
    if Path(data_dir).resolve() != (ROOT / "data").resolve():
        parameters["data_dir"] = os.path.relpath(Path(data_dir).resolve(), folder)
    env = dict(os.environ)
    for kind in artefacts.KINDS:
        env.pop(artefacts.ENV[kind], None)
    for kind, path in (artefact_files or {}).items():
        env[artefacts.ENV[kind]] = str(Path(path).resolve())
    with tempfile.TemporaryDirectory() as tmp:
        km = AsyncKernelManager(kernel_name=KERNEL)
        with _kernel_chatter_to(Path(tmp) / "kernel.log"):
            # history in memory (as nbclient does for the kernels it starts): nothing written to ~/.ipython
            run_sync(km.start_kernel)(cwd=str(folder), env=env, extra_arguments=["--HistoryManager.hist_file=:memory:"])
            kc = None
            try:
                kc = km.client()
                kc.start_channels()
                run_sync(kc.wait_for_ready)(timeout=60)
                kc.allow_stdin = False
                _kernel_run(kc, SNAPSHOT, "taking the kernel's fresh state")
                for i, (notebook, out) in enumerate(zip(notebooks, outs)):
                    if i:
                        _kernel_run(kc, RESET, f"resetting the kernel after {notebooks[i - 1]}")
                    raw = Path(tmp) / f"{i}.ipynb"
                    try:
                        papermill.execute_notebook(
                            str(notebook), str(raw), parameters=parameters, kernel_name=KERNEL, engine_name=engine,
                            km=km, kc=kc, progress_bar=False, report_mode=False, log_output=False,
                            request_save_on_cell_execute=False)  # written once, at the end
                    except PapermillExecutionError as exc:
                        raise ChapterError(notebook, exc) from None
                    atomic_write(out, dumps(normalise(json.loads(raw.read_text(encoding="utf-8")))))
            finally:
                if kc is not None:
                    kc.stop_channels()
                run_sync(km.shutdown_kernel)(now=True)


def _kernel_run(kc, code: str, what: str) -> None:
    """Run the build's own ``code`` in the chapter kernel (silently); stop the build if it fails."""
    from jupyter_core.utils import run_sync

    reply = run_sync(kc.execute_interactive)(code, silent=True, store_history=False, timeout=60)
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"{what} failed: {reply['content'].get('ename')}: {reply['content'].get('evalue')}")


def _shared_kernel_engine() -> str:
    """Register (once) and name a papermill engine that runs a notebook on the build's kernel and
    kernel client, both kept between chapters.

    It is papermill's own engine (nbclient) given an existing client: a new client per chapter
    would cost 0.2 s of waiting for a quiet IOPub channel (jupyter_client's wait_for_ready) each."""
    import logging

    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.utils import merge_kwargs, remove_args

    class SharedKernelClient(PapermillNotebookClient):
        def __init__(self, nb_man, kc=None, **kw):
            super().__init__(nb_man, **kw)
            self.kc = kc  # nbclient starts a client only when it has none; it never stops one it did not start

    class SharedKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None, **kwargs):
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            return SharedKernelClient(nb_man, **merge_kwargs(
                kwargs, timeout=execution_timeout, startup_timeout=start_timeout, kernel_name=kernel_name,
                log=logging.getLogger("papermill"), log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file)).execute()

    name = "bizcase-shared-kernel"
    papermill_engines.register(name, SharedKernelEngine)  # again on a second call: the same
    return name


# ---------------------------------------------------------------- HTML assembly

def _exporter(audit: bool):
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="basic")
    exporter.exclude_input = not audit
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.anchor_link_text = ""
    return exporter


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _body(notebooks: list[Path], audit: bool) -> str:
    import nbformat

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
        parts.append(f"<section class='chapter' id='ch-{_slug(Path(path).stem)}'>{_nbsp(body)}</section>")
    return "\n".join(parts)


def _nbsp(body: str) -> str:
    """Keep the euro sign with its amount ('€ 3,4 miljoen' never breaks after '€'): a no-break
    space outside code blocks; the helpers in bizcase.publish.report write a plain space."""
    parts = re.split(r"(<pre[ >].*?</pre>)", body, flags=re.S)
    return "".join(part if part.startswith("<pre") else re.sub(r"€ (?=[-\d])", "€&nbsp;", part) for part in parts)


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
    # stands fixed at the left as a side navigation, on phones at the top (report.css, no script)
    toc = "<nav class='toc' aria-label='Inhoud'><h1 class='toc-title'>Inhoud</h1><ul>" + "".join(items) + "</ul></nav>"
    return toc, body


def _nl(value) -> str:
    """A number as the report writes it: decimal comma."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    return f"{value:g}".replace(".", ",")


def variant_block(variant: str, params_file: Path | None, data_dir: Path) -> str:
    """The title page's variant lines: its name and every value its file changes, and a warning
    for every value outside its plausible range ('' for the default without such values)."""
    from bizcase.core.inputs import load_inputs

    inputs, params = variant_inputs(params_file, data_dir) if params_file is not None else (load_inputs(data_dir), {})
    base = load_inputs(data_dir).params if params else inputs.params
    outside = []
    for key, row in inputs.register.items():
        v = inputs.params.get(key)
        if v is not None and row.low is not None and not row.low <= v <= row.high:
            outside.append(f"<li><code>{html.escape(key)}</code> = {html.escape(_nl(v))} ligt buiten het plausibele "
                           f"bereik {html.escape(_nl(row.low))} tot {html.escape(_nl(row.high))}</li>")
    warning = ("<div class='warnings'><p class='warning'>Let op: deze uitgave rekent met waarden buiten hun plausibele "
               "bereik (toegestaan, maar buiten wat het register aannemelijk acht):</p><ul class='warning'>"
               + "".join(outside) + "</ul></div>") if outside else ""
    if params_file is None:
        return warning
    items = []
    for key in params:
        old = base.get(key)
        was = f" (register: {html.escape(_nl(old))})" if old is not None else ""
        items.append(f"<li><code>{html.escape(key)}</code>: {html.escape(_nl(params[key]))}{was}</li>")
    changed = ("<p class='variant-values'>Gewijzigde waarden:</p><ul class='variant-values'>" + "".join(items)
               + "</ul>") if items else "<p class='variant-values'>Geen gewijzigde waarden.</p>"
    return f"<p class='variant'>Variant: {html.escape(variant)}</p>\n{changed}\n{warning}"


# ---------------------------------------------------------------- title page: date and version
# Both come from the inputs themselves (the commit that last changed data/, the revision of data
# and code), never from the clock: the same inputs give the same title page on any machine.

REVISED_FOLDERS = ("data", "bizcase", "notebooks")


def _git(*args: str) -> str | None:
    """The output of a git command in the project (None without git or outside a repository)."""
    import subprocess

    try:
        proc = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout.strip() if proc.returncode == 0 else None


def inputs_date(data_dir: Path = ROOT / "data"):
    """The date of the inputs: the latest commit that changed ``data_dir`` when git knows it,
    else the newest modification time (UTC) of its CSV files; None when neither is known."""
    import datetime as dt

    stamp = _git("log", "-1", "--format=%cs", "--", str(Path(data_dir).resolve()))
    if stamp:
        return dt.date.fromisoformat(stamp)
    times = [p.stat().st_mtime for p in Path(data_dir).glob("*.csv")]
    return dt.datetime.fromtimestamp(max(times), dt.timezone.utc).date() if times else None


def _content_hash() -> str:
    import hashlib

    digest = hashlib.sha256()
    for folder in REVISED_FOLDERS:
        for path in sorted((ROOT / folder).glob("*")):
            if path.is_file() and path.suffix in (".csv", ".py", ".ipynb", ".css"):
                digest.update(f"{folder}/{path.name}\0".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def revision() -> str:
    """The revision of data and code: the commit's hash (10 characters) plus '+ wijzigingen' when
    data/, bizcase/ or notebooks/ differ from it; without git a hash of those files' contents."""
    head = _git("rev-parse", "HEAD")
    if not head:
        return f"inhoud {_content_hash()}"
    changed = _git("status", "--porcelain", "--", *REVISED_FOLDERS)
    return head[:10] + (" + wijzigingen" if changed else "")


def title_page(title: str, subtitle: str, kind: str, variant_line: str, data_dir: Path) -> str:
    """The title page: title, the statement that this is a reconstruction, the date of the inputs,
    the version (data and code revision) and the status."""
    from bizcase.publish.formatting import long_date

    day = inputs_date(data_dir)
    date_text = long_date(day) if day else "onbekend"
    return f"""<header class="titlepage">
<h1 class="title">{title}</h1>
<p class="subtitle">{subtitle}</p>
<p class="reconstruction">Dit is een reconstructie van de business case uit 2013, herberekend met een open model.
Het is niet het rapport van M&amp;I/Partners; de keuzes en de verschillen met het origineel staan in de Verantwoording.</p>
<p class="kind">{kind}</p>
<dl class="colophon">
<dt>Stand van de invoer</dt><dd class="inputs-date">{html.escape(date_text)}</dd>
<dt>Versie (gegevens en code)</dt><dd class="version">{html.escape(revision())}</dd>
</dl>
<p class="status">Status: reconstructie, niet vastgesteld door de gemeenten</p>
{variant_line}
</header>"""


def assemble(out: Path, notebooks: list[Path], audit: bool, variant: str,
             params_file: Path | None = None, data_dir: Path = ROOT / "data") -> None:
    variant = variant_name(params_file, variant)
    variant_line = variant_block(variant, params_file, data_dir)
    body = _body(notebooks, audit)
    toc, body = _toc_and_ids(body)
    style = STYLE.read_text(encoding="utf-8")
    from pygments.formatters import HtmlFormatter

    if audit:
        style += HtmlFormatter(style="default").get_style_defs(".highlight")
    title = "Business case ICT-samenwerking Haarlem-Haarlemmermeer"
    subtitle = "Reconstructie en herberekening van het rapport van M&amp;I/Partners (januari 2013)"
    kind = "Auditversie: met de code van elke berekening" if audit else "Rapport"
    page = f"""<!DOCTYPE html>
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
{title_page(title, subtitle, kind, variant_line, data_dir)}
{toc}
<main>
{body}
</main>
</body>
</html>
"""
    atomic_write(out, page.encode("utf-8"))


# Fixed timestamp for the fonts WeasyPrint subsets (fontTools stamps them with the time
# unless SOURCE_DATE_EPOCH is set): same input, same PDF bytes. 1 January 2013, 00:00 UTC.
SOURCE_DATE_EPOCH = "1356998400"


def pdf_document(html_path: Path):
    """The laid-out A4 document of ``html_path`` (WeasyPrint), with only the fonts we ship."""
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from bizcase.build.steps.fonts import pdf_stylesheet

    fonts = FontConfiguration()
    shipped = CSS(string=pdf_stylesheet(), font_config=fonts)
    return HTML(filename=str(html_path)).render(stylesheets=[shipped], font_config=fonts)


def pdf(html_path: Path, pdf_path: Path) -> None:
    """Render ``html_path`` to A4 PDF with only the fonts we ship (see bizcase/fonts.py).

    WeasyPrint builds hundreds of thousands of small objects (boxes, styles) and keeps them until
    the end; the cyclic garbage collector would rescan them for nothing (about 0.2-0.5 s of 5 s).
    It is off while rendering and back on after: the same bytes, a few MB more at the peak."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        data = pdf_document(html_path).write_pdf()
    finally:
        if enabled:
            gc.enable()
    atomic_write(pdf_path, data)


def _artefact_options(parser) -> None:
    for kind in artefacts.KINDS:
        parser.add_argument(f"--{kind}", help=f"the variant's {kind}.json (from the '{kind}' step)")


def _artefact_files(args) -> dict:
    return {kind: Path(getattr(args, kind)) for kind in artefacts.KINDS if getattr(args, kind)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bizcase.build.steps")
    sub = parser.add_subparsers(dest="step", required=True)
    ex = sub.add_parser("execute", help="run chapter notebooks one after the other in one kernel")
    ex.add_argument("notebooks", nargs="+")
    ex.add_argument("--out-dir", required=True, help="the executed notebooks go here, under their own names")
    _artefact_options(ex)
    _variant_options(ex)
    for kind in artefacts.KINDS:
        art = sub.add_parser(kind, help=f"compute the variant's {kind} artefact once ({kind}.json)")
        art.add_argument("out")
        _variant_options(art)
    asm = sub.add_parser("assemble")
    asm.add_argument("out")
    asm.add_argument("notebooks", nargs="+")
    asm.add_argument("--audit", action="store_true")
    _variant_options(asm)
    chk = sub.add_parser("check")
    chk.add_argument("--params")
    chk.add_argument("--data", default=str(ROOT / "data"))
    chk.add_argument("--stamp", help="touch this file when the check passes")
    chk.add_argument("--make", action="store_true", help="also refuse what make cannot handle (spaces)")
    xl = sub.add_parser("xlsx")
    xl.add_argument("out")
    _artefact_options(xl)
    _variant_options(xl)
    pd_ = sub.add_parser("pdf")
    pd_.add_argument("html")
    pd_.add_argument("out")
    args = parser.parse_args(argv)
    try:
        for target in ([Path(args.out)] if getattr(args, "out", None) else []) + \
                ([Path(args.out_dir) / Path(n).name for n in args.notebooks] if args.step == "execute" else []):
            check_target(target)  # before any work: never into an input folder
        params = Path(args.params) if getattr(args, "params", None) else None
        if args.step == "execute":
            execute([Path(n) for n in args.notebooks], [Path(args.out_dir) / Path(n).name for n in args.notebooks],
                    params, args.variant, Path(args.data), _artefact_files(args))
        elif args.step in artefacts.KINDS:
            variant_name(params, args.variant)
            inputs, _ = variant_inputs(params, Path(args.data))
            atomic_write(Path(args.out), artefacts.build(args.step, inputs))
        elif args.step == "xlsx":
            from bizcase.publish import excel

            variant_name(params, args.variant)
            inputs, _ = variant_inputs(params, Path(args.data))
            excel.write(inputs, Path(args.out), _artefact_files(args))
        elif args.step == "assemble":
            assemble(Path(args.out), [Path(n) for n in args.notebooks], args.audit, args.variant, params,
                     Path(args.data))
        elif args.step == "check":
            check(params, Path(args.data), Path(args.stamp) if args.stamp else None, args.make)
        else:
            pdf(Path(args.html), Path(args.out))
    except InputError as exc:
        print(f"bizcase: error: {exc.message}", file=sys.stderr)
        return 2
    except ChapterError as exc:  # papermill reports the failing cell; keep it to one message
        print(f"bizcase: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

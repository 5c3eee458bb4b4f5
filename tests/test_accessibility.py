"""Issue 23: the HTML report and its audit version meet WCAG 2.1 AA as far as a machine can tell.

axe-core (pinned in package-lock.json, installed into node_modules/ by `make install`) runs in
Debian's headless Chromium, driven over the DevTools protocol on a pipe (--remote-debugging-pipe: no
websocket client, no browser download), on both pages at 320 px (a phone, WCAG 1.4.10) and 1280 px.
Beside axe's rules (tags wcag2a, wcag2aa, wcag21a, wcag21aa) the test checks what axe leaves out: the
page does not scroll sideways at 320 px, the first Tab stop is a visible skip link whose target is
<main>, and every box that scrolls sideways is a named region with a cue. A control page with known
faults shows that each check can fail.

The pages are the ones `make report` writes (bizcase.build.editions.assemble), assembled from the stored
notebooks, which equal the executed ones (tests/test_report.py, nbval).
"""
from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from bizcase.build import editions
from conftest import system_tool

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (320, 1280)
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TIMEOUT = 120  # seconds for one answer of the browser


def _chromium() -> str:
    return system_tool(("chromium", "chromium-browser", "google-chrome"), "chromium",
                       "Chromium is needed to run axe-core: apt-get install -y chromium (Debian/Ubuntu)")


def _axe_source() -> str:
    if not AXE.is_file():
        pytest.skip("axe-core is not installed: make install (needs npm; it runs npm ci)")
    return AXE.read_text(encoding="utf-8")


class Browser:
    """Headless Chromium spoken to over the DevTools protocol on a pipe: the browser reads commands
    from file descriptor 3 and writes answers and events to 4, each a JSON text ended by a NUL."""

    def __init__(self, executable: str):
        self.profile = tempfile.mkdtemp(prefix="bizcase-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def as_fd_3_and_4():  # in the child, before exec: the protocol's two descriptors
            read, write = os.dup(to_browser_r), os.dup(from_browser_w)  # never clobbered by dup2
            os.dup2(read, 3)
            os.dup2(write, 4)

        self.proc = subprocess.Popen(
            [executable, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--mute-audio",
             "--remote-debugging-pipe", f"--user-data-dir={self.profile}", "about:blank"],
            pass_fds=(3, 4), preexec_fn=as_fd_3_and_4, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._last_id = 0
        self._events: list[dict] = []

    def call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._last_id += 1
        message = {"id": self._last_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._read()
            if answer.get("id") == self._last_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer["result"]
            self._events.append(answer)

    def wait_for(self, event: str, session: str) -> dict:
        while True:
            for i, message in enumerate(self._events):
                if message.get("method") == event and message.get("sessionId") == session:
                    return self._events.pop(i)
            self._events.append(self._read())

    def _read(self) -> dict:
        deadline = time.monotonic() + TIMEOUT
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._from_browser], [], [], max(0.0, deadline - time.monotonic()))
            chunk = os.read(self._from_browser, 1 << 16) if ready else None
            if not chunk:
                raise RuntimeError("Chromium did not answer" if chunk is None else "Chromium closed the pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def evaluate(self, session: str, expression: str):
        result = self.call("Runtime.evaluate", {"expression": expression, "awaitPromise": True,
                                                "returnByValue": True}, session)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def press(self, session: str, key: str, code: int) -> None:
        for kind in ("rawKeyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", {"type": kind, "key": key, "code": key,
                                                 "windowsVirtualKeyCode": code}, session)
        if key == "Enter":  # the character that activates a link
            self.call("Input.dispatchKeyEvent", {"type": "char", "text": "\r"}, session)

    def close(self) -> None:
        try:
            self.call("Browser.close")
            self.proc.wait(timeout=20)
        except Exception:  # noqa: BLE001 - a browser that hangs on closing is ended
            self.proc.kill()
            self.proc.wait()
        finally:
            os.close(self._to_browser)
            os.close(self._from_browser)
            shutil.rmtree(self.profile, ignore_errors=True)


# What the page says about itself, before axe runs: sideways scrolling, boxes that scroll sideways.
LAYOUT = """(() => {
  const boxes = [...document.querySelectorAll('body *')].filter(e => {
    const overflow = getComputedStyle(e).overflowX;
    return (overflow === 'auto' || overflow === 'scroll') && e.scrollWidth > e.clientWidth;
  });
  return {innerWidth: window.innerWidth, scrollWidth: document.documentElement.scrollWidth,
          boxes: boxes.map(e => ({html: e.outerHTML.slice(0, 120), tabindex: e.getAttribute('tabindex'),
                                  role: e.getAttribute('role'), label: (e.getAttribute('aria-label') || '').trim(),
                                  cue: getComputedStyle(e).backgroundImage}))};
})()"""

# The element that has the keyboard focus, and where it stands.
FOCUS = """(() => {
  const e = document.activeElement, r = e.getBoundingClientRect(), main = document.querySelector('main');
  const href = e.getAttribute('href') || '';
  const target = href.startsWith('#') ? document.getElementById(decodeURIComponent(href.slice(1))) : null;
  return {tag: e.tagName, text: e.textContent.trim(), href, first: e === document.body.firstElementChild,
          targetIsMain: !!main && target === main, inMain: !!main && main.contains(e) && e !== main,
          visible: r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight
                   && r.right <= innerWidth && getComputedStyle(e).visibility !== 'hidden'};
})()"""

# Focus the S2.0 break-even year of the summary's table (issue 24): its lineage panel opens with its inputs;
# Escape closes it and gives the focus back to the figure.
PANEL = """(() => {
  const b = document.querySelector('button.fig[data-figure="break_even/s2"]');
  if (!b) return {found: false};
  b.focus();
  const p = document.getElementById('bc-panel'), r = p.getBoundingClientRect();
  const opened = {hidden: p.hidden, text: p.innerText, items: p.querySelectorAll('li').length,
                  visible: r.width > 0 && r.height > 0 && r.right <= innerWidth + 1 && r.bottom <= innerHeight + 1,
                  focused: document.activeElement === b};
  return {found: true, opened: opened};
})()"""
AFTER_ESCAPE = """(() => ({hidden: document.getElementById('bc-panel').hidden,
  back: document.activeElement === document.querySelector('button.fig[data-figure="break_even/s2"]')}))()"""

RUN_AXE = ("axe.run(document, {runOnly: {type: 'tag', values: %s}, resultTypes: ['violations']})"
           ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,"
           " target: v.nodes[0].target.join(' ')})))") % json.dumps(TAGS)


def inspect(browser: Browser, page: Path, width: int, axe: str) -> dict:
    """Load ``page`` in a new tab ``width`` CSS pixels wide; its layout, the first two Tab stops
    (the second after Enter on the first) and axe's violations."""
    target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    try:
        browser.call("Emulation.setDeviceMetricsOverride", {"width": width, "height": 900, "deviceScaleFactor": 1,
                                                            "mobile": False}, session)
        browser.call("Emulation.setFocusEmulationEnabled", {"enabled": True}, session)
        browser.call("Page.enable", {}, session)
        browser.call("Page.navigate", {"url": page.resolve().as_uri()}, session)
        browser.wait_for("Page.loadEventFired", session)
        found = {"layout": browser.evaluate(session, LAYOUT)}
        browser.press(session, "Tab", 9)
        found["first_stop"] = browser.evaluate(session, FOCUS)
        browser.press(session, "Enter", 13)
        browser.press(session, "Tab", 9)
        found["after_skip"] = browser.evaluate(session, FOCUS)
        found["panel"] = browser.evaluate(session, PANEL)
        browser.evaluate(session, axe)
        found["violations"] = browser.evaluate(session, RUN_AXE)  # with the panel open, where the page has one
        if found["panel"].get("found"):
            browser.press(session, "Escape", 27)
            found["panel"]["after_escape"] = browser.evaluate(session, AFTER_ESCAPE)
        return found
    finally:
        browser.call("Target.closeTarget", {"targetId": target})


# A page with one fault of each kind the test looks for: the first Tab stop is no skip link, a wide
# table scrolls in a box no keyboard reaches, a long word widens the page, an image without text.
CONTROL = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Controle</title></head><body>
<nav><a href="#x">Inhoud</a></nav><main id="x"><h1>Kop</h1>
<p>Onafgebrokenwoordzonderspatiesdatlangerisdaneentelefoonbreedisenblijftstaan</p>
<div style="overflow-x: auto"><table><tr><td style="white-space: nowrap">een zeer brede cel met heel veel tekst die niet
afbreekt en veel breder is dan een telefoon van driehonderdtwintig pixels</td></tr></table></div>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10"></main></body></html>"""


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict:
    """(page name, width) -> what inspect found, for both report pages and the control page."""
    chromium, axe = _chromium(), _axe_source()
    tmp = tmp_path_factory.mktemp("a11y")
    pages = {"bizcase.html": tmp / "bizcase.html", "bizcase-audit.html": tmp / "bizcase-audit.html",
             "control": tmp / "control.html"}
    editions.assemble(pages["bizcase.html"], NOTEBOOKS, audit=False, variant="standaard")
    editions.assemble(pages["bizcase-audit.html"], NOTEBOOKS, audit=True, variant="standaard")
    pages["control"].write_text(CONTROL, encoding="utf-8")
    browser = Browser(chromium)
    try:
        found = {}
        for name, page in pages.items():
            for width in WIDTHS if name != "control" else (320,):
                start = time.perf_counter()
                found[name, width] = inspect(browser, page, width, axe)
                print(f"{name} at {width} px: {time.perf_counter() - start:.1f} s")
        return found
    finally:
        browser.close()


def violations_text(violations: list) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}, {v['count']}x): {v['help']}; first: {v['target']}"
                     for v in violations)


def layout_faults(found: dict) -> list[str]:
    layout, faults = found["layout"], []
    if layout["scrollWidth"] > layout["innerWidth"]:
        faults.append(f"the page scrolls sideways: {layout['scrollWidth']} px wide in {layout['innerWidth']} px")
    for box in layout["boxes"]:
        if box["tabindex"] != "0" or box["role"] != "region" or not box["label"] or box["cue"] == "none":
            faults.append(f"a box that scrolls sideways is no named, focusable region with a cue: {box}")
    return faults


def skip_link_faults(found: dict) -> list[str]:
    first, after = found["first_stop"], found["after_skip"]
    faults = []
    if not (first["tag"] == "A" and first["first"] and first["targetIsMain"]):
        faults.append(f"the first Tab stop is not a skip link first in <body> that targets <main>: {first}")
    if not first["visible"]:
        faults.append(f"the skip link is not visible when it has the focus: {first}")
    if not after["inMain"]:
        faults.append(f"after the skip link, the next Tab stop is not in <main>: {after}")
    return faults


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["bizcase.html", "bizcase-audit.html"])
def test_axe_finds_no_wcag_21_aa_violation(results, name, width):
    violations = results[name, width]["violations"]
    assert violations == [], f"{name} at {width} px:\n" + violations_text(violations)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["bizcase.html", "bizcase-audit.html"])
def test_no_sideways_scrolling_and_every_scrolling_box_is_a_region(results, name, width):
    found = results[name, width]
    assert found["layout"]["innerWidth"] == width  # the viewport really was that wide
    assert layout_faults(found) == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["bizcase.html", "bizcase-audit.html"])
def test_the_first_tab_stop_is_a_visible_skip_link_to_main(results, name, width):
    found = results[name, width]
    assert found["first_stop"]["text"] == "Naar de inhoud"
    assert skip_link_faults(found) == []


def test_every_check_can_fail(results):
    """The control page's faults are found: axe's, sideways scrolling, the box and the skip link."""
    found = results["control", 320]
    assert {"image-alt", "scrollable-region-focusable"} <= {v["id"] for v in found["violations"]}
    faults = layout_faults(found)
    assert any("scrolls sideways: " in f for f in faults) and any("no named, focusable region" in f for f in faults)
    assert len(skip_link_faults(found)) == 1  # a link first, in view, to <main>, but inside <nav>, not first in <body>


@pytest.mark.parametrize("width", WIDTHS)
def test_focusing_a_figure_opens_its_lineage(results, width):
    """Issue 24: focusing the S2.0 break-even year in the summary's table opens its panel, on screen,
    with its definition and the inputs it depends on most (their Dutch names); Escape closes it and
    the focus is back on the figure. Checked in both editions."""
    for name in ("bizcase.html", "bizcase-audit.html"):
        panel = results[name, width]["panel"]
        assert panel["found"], name
        opened = panel["opened"]
        assert not opened["hidden"] and opened["visible"] and opened["focused"], (name, opened)
        assert "Omslagjaar van Samenwerking 2.0" in opened["text"] and opened["items"] == 5, opened["text"]
        assert "Personeelskosten per fte" in opened["text"]
        assert panel["after_escape"] == {"hidden": True, "back": True}

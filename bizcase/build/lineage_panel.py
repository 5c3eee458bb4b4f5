"""The lineage panel of the HTML report: one click (or focus) from a printed figure to its inputs.

Every figure the tables print is a button carrying ``data-figure`` (:func:`bizcase.publish.render.figure_html`).
:func:`panel` embeds, for exactly the figures the page marks, their provenance as JSON
(:func:`bizcase.publish.provenance.provenance`: Dutch definition, value, band over the
reconstructions, the five inputs it is most sensitive to with elasticity and direction, and for
each input its value, unit, source, status and decisions), a panel and a small script: no external
file, no network. The panel is a labelled region that updates politely for screen readers; Escape
or its close button hides it and returns the focus to the figure. In print (the PDF) the buttons
read as plain figures and the panel does not exist.
"""
from __future__ import annotations

import json
import math
import re

from bizcase.analysis.lineage import figure_bands, parse
from bizcase.publish import formatting as fmt
from bizcase.publish import labels
from bizcase.publish.decisions.catalogue import numbers_by_id
from bizcase.publish.provenance import provenance, value_text

FIGURE = re.compile(r'data-figure="([^"]*)"')
SHOWN = 5  # inputs per figure
PANEL_ID = "bc-panel"
DATA_ID = "bc-lineage"


def _band(unit: str, band) -> str:
    if band is None:
        return ""
    low, high = (math.nan if math.isinf(x) else x for x in band)
    if unit == "year":
        return f"{fmt.year(low)} tot {fmt.year(high)}" if low != high else fmt.year(low)
    return f"{value_text(unit, low)} tot {value_text(unit, high)}"


def _effect(s) -> dict:
    """One input's effect: direction and size in words ('+1,3': 1% more of the input, 1,3% more of the figure)."""
    if s.elasticity is not None:
        size = fmt.number(abs(s.elasticity), 1 if abs(s.elasticity) >= 10 else 2)
        text = f"elasticiteit {'+' if s.elasticity > 0 else '−'}{size}"
    else:
        text = f"{fmt.value_text(s.unit, s.step)} meer: {'omhoog' if s.change > 0 else 'omlaag'}"
    return {"id": s.id, "effect": text, "up": bool(s.change > 0)}


def data(names, inputs, members: dict) -> dict:
    """The panel's data for the figures ``names``: per figure its texts, per input what the register says."""
    wanted = set(names)
    found = [p for p in provenance(inputs, numbers_by_id(inputs)) if p.name in wanted]
    bands = figure_bands(inputs, members) if members else {}
    figures, used = {}, {}
    for p in found:
        shown = p.sources[:SHOWN]
        figures[p.name] = {"definition": p.definition, "value": value_text(p.unit, p.value),
                           "band": _band(p.unit, bands.get(parse(p.name))),
                           "measured_on": labels.FIGURE_MEASURED_ON if p.measured_on else "",
                           "count": len(p.sources), "inputs": [_effect(s) for s in shown]}
        for s in shown:
            used[s.id] = {"label": s.label, "value": fmt.value_text(s.unit, s.value), "source": s.source,
                          "status": s.status, "decisions": ", ".join(s.decisions)}
    return {"members": fmt.number(len(next(iter(members.values()))) if members else 0), "figures": figures,
            "inputs": used}


SCRIPT = """(function () {
  var data = JSON.parse(document.getElementById('%(data)s').textContent);
  var panel = document.getElementById('%(panel)s');
  var body = panel.querySelector('.bc-panel-body');
  var close = panel.querySelector('.bc-panel-close');
  var current = null;
  function el(tag, text, cls) { var e = document.createElement(tag); if (text) e.textContent = text; if (cls) e.className = cls; return e; }
  function show(button) {
    var f = data.figures[button.getAttribute('data-figure')];
    if (!f) return;
    current = button;
    body.textContent = '';
    body.appendChild(el('p', f.value, 'bc-panel-value'));
    body.appendChild(el('p', f.definition));
    if (f.band) body.appendChild(el('p', 'Over de ' + data.members + ' reconstructies die de tabellen nadoen (5%%-95%%): ' + f.band + '.'));
    body.appendChild(el('p', 'Hangt af van ' + f.count + ' aannames; het meest van:' + (f.measured_on ? ' (' + f.measured_on + ')' : '')));
    var list = el('ul');
    f.inputs.forEach(function (i) {
      var a = data.inputs[i.id];
      var item = el('li');
      item.appendChild(el('strong', a.label + ' = ' + a.value));
      item.appendChild(el('span', ' (' + i.effect + '; ' + a.status + (a.decisions ? '; besluit ' + a.decisions : '') + '). Bron: ' + a.source));
      list.appendChild(item);
    });
    body.appendChild(list);
    panel.hidden = false;
  }
  function hide() { panel.hidden = true; if (current) current.focus(); }
  document.addEventListener('click', function (e) { var b = e.target.closest('button.fig'); if (b) show(b); });
  document.addEventListener('focusin', function (e) { var b = e.target.closest('button.fig'); if (b) show(b); });
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape' && !panel.hidden) hide(); });
  close.addEventListener('click', hide);
})();"""


def panel(body: str, inputs, members: dict) -> str:
    """The panel, its data and its script for the figures ``body`` marks ('' when it marks none)."""
    names = sorted(set(FIGURE.findall(body)))
    if not names:
        return ""
    payload = json.dumps(data(names, inputs, members), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    payload = payload.replace("</", "<\\/")  # never ends the script element early
    return (f'<aside id="{PANEL_ID}" class="bc-panel" role="region" aria-label="Herkomst van het getal" '
            f'aria-live="polite" hidden>\n<h2 class="bc-panel-title">Herkomst van het getal</h2>\n'
            f'<button type="button" class="bc-panel-close">Sluiten</button>\n<div class="bc-panel-body"></div>\n</aside>\n'
            f'<script type="application/json" id="{DATA_ID}">{payload}</script>\n'
            f"<script>{SCRIPT % {'data': DATA_ID, 'panel': PANEL_ID}}</script>")

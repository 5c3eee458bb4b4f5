"""The fonts the PDF uses: the DejaVu faces matplotlib ships in its package.

The PDF's bytes must not depend on the fonts installed on the machine. WeasyPrint therefore
gets an extra, PDF-only stylesheet (``pdf_stylesheet``) with ``@font-face`` rules pointing at
matplotlib's own DejaVu files (``matplotlib/mpl-data/fonts/ttf``; matplotlib is pinned in
requirements.lock) under family names no system font carries, and rules that make every
element, including the page's margin boxes, use only those families. fontconfig is then never
asked for a system face. The self-contained HTML for screens is left as it is.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

SANS = "bizcase DejaVu Sans"
MONO = "bizcase DejaVu Sans Mono"

# family -> (weight, style) -> file name in matplotlib's ttf folder
FACES = {
    SANS: {
        ("normal", "normal"): "DejaVuSans.ttf",
        ("bold", "normal"): "DejaVuSans-Bold.ttf",
        ("normal", "italic"): "DejaVuSans-Oblique.ttf",
        ("bold", "italic"): "DejaVuSans-BoldOblique.ttf",
    },
    MONO: {
        ("normal", "normal"): "DejaVuSansMono.ttf",
        ("bold", "normal"): "DejaVuSansMono-Bold.ttf",
        ("normal", "italic"): "DejaVuSansMono-Oblique.ttf",
        ("bold", "italic"): "DejaVuSansMono-BoldOblique.ttf",
    },
}

# The PostScript names of those faces, as they appear (after a subset tag "ABCDEF+") in the PDF.
POSTSCRIPT_NAMES = frozenset(Path(f).stem for faces in FACES.values() for f in faces.values())

MONO_SELECTORS = "pre, code, kbd, samp, tt, .highlight, .highlight *, .input_area, .input_area *"


def font_dir() -> Path:
    """matplotlib's folder of TrueType fonts (found without importing matplotlib itself)."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("matplotlib is not installed: it ships the fonts of the PDF")
    return Path(list(spec.submodule_search_locations)[0]) / "mpl-data" / "fonts" / "ttf"


def font_files() -> list[Path]:
    folder = font_dir()
    files = [folder / f for faces in FACES.values() for f in faces.values()]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise FileNotFoundError("font files missing from matplotlib: " + ", ".join(missing))
    return files


def pdf_stylesheet() -> str:
    """CSS for WeasyPrint: the shipped faces, and every font-family set to one of them."""
    folder = font_dir()
    font_files()  # fail early and clearly when a face is missing
    rules = []
    for family, faces in FACES.items():
        for (weight, style), name in faces.items():
            rules.append(f'@font-face {{ font-family: "{family}"; src: url("{(folder / name).as_uri()}"); '
                         f"font-weight: {weight}; font-style: {style}; }}")
    sans, mono = f'"{SANS}"', f'"{MONO}"'
    rules += [
        # No *::before / *::after: a pseudo-element inherits font-family from its element (set
        # just above) and no stylesheet gives one its own; matching them for every element made
        # WeasyPrint compute two extra styles per element (~0.15 s of the PDF step), same bytes.
        # *::marker costs nothing: WeasyPrint's own ::marker rule already matches every element.
        f"html, body, *, *::marker {{ font-family: {sans} !important; }}",
        f"{MONO_SELECTORS} {{ font-family: {mono} !important; }}",
        "@page { font-family: " + sans + ";"
        + "".join(f" @{box} {{ font-family: {sans}; }}" for box in (
            "top-left", "top-center", "top-right", "bottom-left", "bottom-center", "bottom-right"))
        + " }",
    ]
    return "\n".join(rules) + "\n"

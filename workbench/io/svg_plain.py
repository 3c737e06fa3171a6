"""Rewrites Qt's SVG output as plain SVG that every viewer draws alike (librsvg, browsers).

QSvgGenerator writes cosmetic pens as `vector-effect="non-scaling-stroke"` inside groups whose
transform scales by 19 or 50 (a plot's data-to-pixel mapping); librsvg ignores that
vector-effect and strokes 50 units wide, which paints large black blocks over the plot. Here
every scaled group's geometry is mapped into user units (paths and polylines re-written point
by point), stroke widths become user units, and vector-effect disappears. Text stays text.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

Matrix = tuple[float, float, float, float, float, float]
_MATRIX = re.compile(r"matrix\(([^)]*)\)")
_TOKEN = re.compile(r"[A-Za-z]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_GEOMETRY = {"path", "polyline", "polygon", "rect"}


def _tag(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def _matrix(text: str) -> Matrix | None:
    found = _MATRIX.fullmatch(text.strip())
    if not found:
        return None
    values = [float(v) for v in re.split(r"[,\s]+", found.group(1).strip())]
    return tuple(values) if len(values) == 6 else None  # type: ignore[return-value]


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _fmt(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".") or "0"


def _pairs(m: Matrix, numbers: list[float]) -> list[str]:
    out = []
    for i in range(0, len(numbers) - 1, 2):
        x, y = _apply(m, numbers[i], numbers[i + 1])
        out.append(f"{_fmt(x)},{_fmt(y)}")
    return out


def transform_path(d: str, m: Matrix) -> str | None:
    """Absolute M/L/C/Q/Z path data mapped through `m`; None for anything else."""
    out, numbers, command = [], [], None
    for token in [*_TOKEN.findall(d), "Z!"]:
        if token[0].isalpha():
            if command is not None:
                if len(numbers) % 2:
                    return None
                out.append(" ".join([command, *_pairs(m, numbers)]).strip())
            if token == "Z!":
                break
            if token not in ("M", "L", "C", "Q", "Z"):
                return None  # relative or arc commands: leave the transform in place
            command, numbers = token, []
        else:
            numbers.append(float(token))
    return " ".join(out)


def _rect_path(el: ET.Element) -> str:
    x, y = float(el.get("x", 0)), float(el.get("y", 0))
    w, h = float(el.get("width", 0)), float(el.get("height", 0))
    return f"M {x},{y} L {x + w},{y} L {x + w},{y + h} L {x},{y + h} Z"


def _bake(el: ET.Element, m: Matrix, group_width: float) -> bool:
    """Map one shape into user units; False when it must keep a transform instead."""
    tag = _tag(el)
    if tag == "rect" and (el.get("rx") or el.get("ry")):
        return False
    if tag in ("path", "rect"):
        new = transform_path(el.get("d", "") if tag == "path" else _rect_path(el), m)
        if new is None:
            return False
        if tag == "rect":
            for key in ("x", "y", "width", "height"):
                el.attrib.pop(key, None)
            el.tag = f"{{{SVG_NS}}}path"
        el.set("d", new)
    else:
        numbers = [float(v) for v in _TOKEN.findall(el.get("points", ""))]
        el.set("points", " ".join(_pairs(m, numbers)))
    if el.attrib.pop("vector-effect", "none") != "non-scaling-stroke":
        # A scaling pen: its width was in the group's units; now it is in user units.
        own = float(el.get("stroke-width", group_width))
        el.set("stroke-width", _fmt(own * math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))))
    return True


def _flatten_group(group: ET.Element, m: Matrix) -> None:
    """Bake the group's transform into its shapes; text and the rest carry it themselves."""
    width = float(group.get("stroke-width", "1") or 1) or 1.0  # 0 is Qt's 1-pixel cosmetic pen
    group.set("stroke-width", _fmt(width))
    del group.attrib["transform"]
    for child in list(group):
        if _tag(child) in _GEOMETRY and _bake(child, m, width):
            continue
        child.attrib.pop("vector-effect", None)
        child.set("transform", "matrix(" + ",".join(_fmt(v) for v in m) + ")")


def plain_svg(text: str) -> str:
    """The SVG document `text` without vector-effect and without scaled shape groups."""
    root = ET.fromstring(text)
    for group in root.iter(f"{{{SVG_NS}}}g"):
        m = _matrix(group.get("transform", ""))
        if m is not None and (m[0], m[1], m[2], m[3]) != (1.0, 0.0, 0.0, 1.0):
            _flatten_group(group, m)
    for element in root.iter():
        element.attrib.pop("vector-effect", None)
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


def make_plain(path) -> None:
    """Rewrite the SVG file at `path` in place as plain SVG."""
    from pathlib import Path

    target = Path(path)
    target.write_text(plain_svg(target.read_text(encoding="utf-8")), encoding="utf-8")

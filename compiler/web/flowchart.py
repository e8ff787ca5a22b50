"""The page's flowchart: the guideline's chart with one result's path (`compiler.flowchart`: the
overlay, the DOT, Graphviz), made fit to be placed inside the page.

`page_svg` parses Graphviz's SVG with the standard library (`xml.etree`: Graphviz writes no
entities beyond the XML ones, and expat loads no external DTD) and marks each step's node group
with `data-step` (the step's id; every End box is `end`), the class `step`, and `on-path` when the
result's path goes through it: the End box reached is the one after the last step of the path. A
step is focusable and named for assistive technology (`tabindex`, `role="button"`,
`aria-label`). Ids are prefixed (`fc-`) so that they cannot collide with the page's; `style`
attributes, scripts and links are removed, so the page's Content-Security-Policy holds.

Drawings are cached by their DOT text and path (the same result draws the same bytes).
"""

from __future__ import annotations

import threading
import xml.etree.ElementTree as ET
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dsl.program import Program

__all__ = ["dot_of", "page_svg", "pdf", "svg"]

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
END = "end"
CACHE_SIZE = 128
REMOVED = {f"{{{SVG_NS}}}script", f"{{{SVG_NS}}}a", f"{{{SVG_NS}}}foreignObject", f"{{{SVG_NS}}}style"}

ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

_cache: OrderedDict[tuple[str, str, tuple[str, ...]], bytes] = OrderedDict()
_lock = threading.Lock()


def dot_of(program: Program, result: Mapping[str, Any]) -> str:
    """The DOT of the chart with `result` highlighted (`compiler.flowchart`'s overlay)."""
    from compiler.flowchart.chart import to_dot
    from compiler.flowchart.overlay import highlight_overlay

    return to_dot(program, highlight_overlay(program, result))


def _cached(key: tuple[str, str, tuple[str, ...]], make: Any) -> bytes:
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    made: bytes = make()
    with _lock:
        _cache[key] = made
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return made


def _path(result: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(str(step) for step in result.get("path", []))


def svg(program: Program, result: Mapping[str, Any]) -> bytes:
    """The page's SVG of the chart with `result`'s path (`page_svg`)."""
    from compiler.flowchart.dot import run_dot

    dot = dot_of(program, result)
    path = _path(result)
    labels = {step.id: step.label or step.id for step in program.steps}
    return _cached(("svg", dot, path), lambda: page_svg(run_dot(dot, "svg"), labels, path))


def pdf(program: Program, result: Mapping[str, Any]) -> bytes:
    """The chart with `result`'s path as a PDF (Graphviz), for download."""
    from compiler.flowchart.dot import run_dot

    dot = dot_of(program, result)
    return _cached(("pdf", dot, ()), lambda: run_dot(dot, "pdf"))


def _title(group: ET.Element) -> str:
    title = group.find(f"{{{SVG_NS}}}title")
    return (title.text or "") if title is not None else ""


def _add_class(element: ET.Element, name: str) -> None:
    classes = element.get("class", "").split()
    if name not in classes:
        element.set("class", " ".join([*classes, name]))


def _clean(element: ET.Element) -> None:
    """Without scripts, links, styles, event handlers or `style` attributes; ids prefixed."""
    for child in list(element):
        if child.tag in REMOVED:
            element.remove(child)
        else:
            _clean(child)
    for attribute in list(element.attrib):
        local = attribute.rsplit("}", 1)[-1]
        if local == "style" or local.lower().startswith("on") or local == "href":
            del element.attrib[attribute]
    ident = element.get("id")
    if ident is not None:
        element.set("id", "fc-" + ident)


def page_svg(drawn: bytes, labels: Mapping[str, str], path: Sequence[str]) -> bytes:
    """Graphviz's SVG marked for the page: `data-step`, `step`, `on-path` on the steps' groups."""
    root = ET.fromstring(drawn)
    _clean(root)
    on_path = set(path)
    reached_end = f"end:{path[-2]}" if len(path) >= 2 and path[-1] == END else None
    for group in root.iter(f"{{{SVG_NS}}}g"):
        if "node" not in group.get("class", "").split():
            continue
        name = _title(group)
        if name in labels:
            step, said, reached = name, f"Step {name}: {labels[name]}", name in on_path
        elif name.startswith("end:"):
            step, said, reached = END, "End", name == reached_end
        else:
            continue
        group.set("data-step", step)
        _add_class(group, "step")
        if reached:
            _add_class(group, "on-path")
            said += " (on the path)"
        group.set("tabindex", "0")
        group.set("role", "button")
        group.set("aria-label", said)
    for size in ("width", "height"):
        root.attrib.pop(size, None)
    root.set("role", "group")
    root.set("aria-label", "Flowchart of the guideline; the patient's path is drawn in blue")
    root.set("class", "chart")
    root.set("focusable", "false")
    drawn_for_page: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return drawn_for_page

"""The web page over HTTP, without a browser: who may use it (the access modes, the host, the
origin of a POST), its headers (a strict Content-Security-Policy, no caching of patient data),
markup without inline script or style, the form generated from each guideline's `INPUT_SCHEMA`,
and the flowchart's SVG marked for the page. A real server (uvicorn on a loopback port) with
authentication on; an in-process client (httpx's ASGI transport) stands for a client on another
machine."""

from __future__ import annotations

import asyncio
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest

from compiler.api import check_text, load
from compiler.service.settings import Issuer, Settings
from compiler.web.access import mode
from compiler.web.flowchart import page_svg
from compiler.web.form import fields
from tests.conftest import ROOT, SPECIFICATION
from tests.service.helpers import ISSUER, make_keys, serving

AZA = "azathioprine-thrombocytopenia"
ITP = "itp-immunosuppressant"
PATHS = {
    AZA: ROOT / "guideline/azathioprine_thrombocytopenia.guideline",
    ITP: ROOT / "guideline/itp_immunosuppressant.guideline",
}
SVG = "{http://www.w3.org/2000/svg}"


def settings(tmp: Path, base: str = "http://127.0.0.1:8080", **extra: Any) -> Settings:
    jwks = tmp / "jwks.json"
    if not jwks.exists():
        jwks.write_text(json.dumps(make_keys().jwks()), encoding="utf-8")
    return Settings(
        guidelines=tuple(str(p) for p in PATHS.values()),
        base_url=base,
        issuers=(Issuer(ISSUER, jwks_file=str(jwks)),),
        feedback_database=str(tmp / "feedback.sqlite3"),
        **extra,
    )


@pytest.fixture(scope="module")
def tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("web-http")


@pytest.fixture(scope="module")
def base(tmp: Path) -> Iterator[str]:
    from compiler.service.app import create_app

    with serving(lambda url: create_app(settings(tmp, url))) as url:
        yield url


def origin(base: str) -> dict[str, str]:
    return {"Origin": base}


# ---- who may use the page ----


def test_the_page_answers_this_machine_while_the_service_still_wants_its_token(base: str) -> None:
    assert httpx.get(base + "/").status_code == 200
    assert httpx.get(f"{base}/guidelines/{AZA}/").status_code == 200
    answer = httpx.post(f"{base}/guidelines/{AZA}/page/evaluate", json={"platelets": 40}, headers=origin(base))
    assert answer.status_code == 200 and answer.json()["result"]["status"] == "needs_data"
    # The page's own routes open nothing of the service: its API still wants a CDS client's JWT.
    assert httpx.post(f"{base}/guidelines/{AZA}/evaluate", json={}).status_code == 401
    assert httpx.get(f"{base}/guidelines").status_code == 401


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({}, "Origin"),
        ({"Origin": "https://evil.example"}, "Origin"),
        ({"Origin": "null"}, "Origin"),
        ({"Sec-Fetch-Site": "cross-site"}, "Sec-Fetch-Site"),
        ({"Sec-Fetch-Site": "same-site"}, "Sec-Fetch-Site"),
    ],
)
def test_a_post_from_anywhere_but_the_page_is_refused(base: str, headers: dict[str, str], reason: str) -> None:
    sent = ({"Origin": base} | headers) if "Sec-Fetch-Site" in headers else headers
    for route in ("evaluate", "flowchart.svg", "flowchart.pdf"):
        answer = httpx.post(f"{base}/guidelines/{AZA}/page/{route}", json={}, headers=sent)
        assert answer.status_code == 403, route
        assert reason in answer.json()["error"]


def test_a_host_name_other_than_the_service_s_is_refused(base: str) -> None:
    """DNS rebinding: a hostile name pointed at 127.0.0.1 gets no page and no evaluation."""
    port = base.rsplit(":", 1)[1]
    evil = {"Host": f"rebind.evil.example:{port}"}
    assert httpx.get(base + "/", headers=evil).status_code == 403
    answer = httpx.post(
        f"{base}/guidelines/{AZA}/page/evaluate",
        json={},
        headers=evil | {"Origin": f"http://rebind.evil.example:{port}"},
    )
    assert answer.status_code == 403
    assert httpx.get(base + "/", headers={"Host": f"localhost:{port}"}).status_code == 200


def test_the_access_modes(tmp: Path) -> None:
    from compiler.service.app import create_app

    def get(app_settings: Settings, path: str) -> int:
        """The status of a GET from another machine (203.0.113.5, a documentation address)."""
        transport = httpx.ASGITransport(app=create_app(app_settings), client=("203.0.113.5", 50000))

        async def call() -> int:
            async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8080") as client:
                return (await client.get(path)).status_code

        return asyncio.run(call())

    assert get(settings(tmp), "/") == 403, "loopback by default: another machine is refused"
    assert get(settings(tmp, web_access="open"), "/") == 200
    assert get(settings(tmp, web_access="off"), f"/guidelines/{AZA}/") == 404
    development = Settings(
        guidelines=(str(PATHS[AZA]),), insecure_no_auth=True, feedback_database=str(tmp / "dev.sqlite3")
    )
    assert get(development, "/") == 200, "--insecure-no-auth: open"
    with pytest.raises(ValueError, match="web_access"):
        mode(settings(tmp, web_access="everyone"))


# ---- headers and markup ----


class Markup(HTMLParser):
    """Every start tag with its attributes, and each <script>'s text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None


def parsed(html: str) -> Markup:
    markup = Markup()
    markup.feed(html)
    return markup


def test_every_page_has_a_strict_csp_and_no_inline_script_or_style(base: str) -> None:
    for path in ("/", f"/guidelines/{AZA}/", f"/guidelines/{ITP}/"):
        answer = httpx.get(base + path)
        csp = answer.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp and "default-src 'none'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["referrer-policy"] == "no-referrer"
        markup = parsed(answer.text)
        for tag, attrs in markup.tags:
            assert "style" not in attrs and not any(a.startswith("on") for a in attrs), (tag, attrs)
            assert tag != "style"
        for attrs, text in markup.scripts:
            assert attrs.get("src") or attrs.get("type") == "application/json", "no script runs inline"
            if attrs.get("type") == "application/json":
                json.loads(text)
        for _, attrs in markup.tags:  # the page's own files, from the package: no CDN
            for name in ("src", "href"):
                value = attrs.get(name) or ""
                assert not value.startswith(("http:", "https:", "//")), value
    answer = httpx.post(f"{base}/guidelines/{AZA}/page/evaluate", json={}, headers=origin(base))
    assert answer.headers["cache-control"] == "no-store", "patient data is never cached"


def test_the_static_files_come_from_the_package(base: str) -> None:
    css = httpx.get(base + "/static/page.css")
    js = httpx.get(base + "/static/page.js")
    assert css.headers["content-type"].startswith("text/css") and "@media print" in css.text
    assert js.headers["content-type"].startswith("text/javascript")
    package = ROOT / "compiler/web/static"
    assert css.content == (package / "page.css").read_bytes() and js.content == (package / "page.js").read_bytes()
    theme = httpx.get(base + "/static/highlight.css")
    assert theme.headers["content-type"].startswith("text/css")
    assert theme.content == (ROOT / "compiler/highlight/theme.css").read_bytes(), "the highlighter's own theme"
    again = httpx.get(base + "/static/page.js", headers={"If-None-Match": js.headers["etag"]})
    assert again.status_code == 304
    for name in ("nothing.js", "..%2Fpages.py", "%2E%2E%2F__init__.py"):
        assert httpx.get(f"{base}/static/{name}").status_code == 404


def test_author_text_is_escaped_in_the_page() -> None:
    """A guideline's title and a result's text reach the page through Jinja's autoescaping."""
    from compiler.web.pages import templates

    shown = (
        templates()
        .get_template("result.html")
        .render(
            status="complete",
            word="Complete",
            meaning="",
            recommendations=[
                {"code": "x", "text": "<script>alert(1)</script>", "urgency": None, "urgency_word": "", "cited": []}
            ],
            footnotes=[(1, 'k"><b>', "<img src=x onerror=alert(1)>")],
            needs=[],
            errors=[("a", "<i>", "got '<b>'")],
            path=["<end>"],
        )
    )
    assert "<script>" not in shown and "<img" not in shown and "<b>" not in shown and "<i>" not in shown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown


# ---- the guideline's text, coloured ----


class Source(HTMLParser):
    """The text page's source view: its section's heading, the `<pre>`'s attributes, and per line
    its number and its characters each with the classes of the span around it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.heading = ""
        self.pre: dict[str, str | None] = {}
        self.numbers: list[str | None] = []
        self.lines: list[list[tuple[str, str]]] = []
        self._section = self._heading = self._line = False
        self._spans: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "section" and found.get("class") == "source":
            self._section = True
        elif self._section and tag == "h2":
            self._heading = True
        elif self._section and tag == "pre":
            self.pre = found
        elif self._section and tag == "span" and found.get("class") == "tm-line":
            self._line = True
            self.numbers.append(found.get("data-line"))
            self.lines.append([])
        elif self._line and tag == "span":
            self._spans.append(str(found.get("class")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self._section = False
        elif tag == "h2":
            self._heading = False
        elif tag == "span" and self._spans:
            self._spans.pop()
        elif tag == "span":
            self._line = False

    def handle_data(self, data: str) -> None:
        if self._heading:
            self.heading += data
        elif self._line:
            self.lines[-1] += [(c, self._spans[-1] if self._spans else "") for c in data]


@pytest.mark.parametrize("guideline", [AZA, ITP])
def test_the_text_page_shows_the_guideline_s_text_coloured_with_line_numbers(base: str, guideline: str) -> None:
    from compiler.highlight import tokenize
    from compiler.highlight.render import class_names

    text = PATHS[guideline].read_text(encoding="utf-8")
    page = httpx.get(f"{base}/guidelines/{guideline}/").text
    assert '<a id="source-link" href="text">' in page and "tm-source" not in page, "a link: the form stays light"
    shown = httpx.get(f"{base}/guidelines/{guideline}/text")
    assert shown.status_code == 200 and shown.headers["content-type"].startswith("text/html")
    assert shown.headers["content-security-policy"] == httpx.get(f"{base}/guidelines/{guideline}/").headers[
        "content-security-policy"
    ], "the same strict policy as every page"
    source = Source()
    source.feed(shown.text)
    assert source.heading == "Guideline text"
    assert source.pre.get("class") == "tm-source tm-numbered" and source.pre.get("aria-label") == "Guideline text"
    assert source.pre.get("tabindex") == "0", "a keyboard can scroll it"
    written = text.removesuffix("\n").split("\n")
    assert ["".join(c for c, _ in line) for line in source.lines] == written, "the text as served, whole"
    assert source.numbers == [str(n) for n in range(1, len(written) + 1)]
    header = next(n for n, line in enumerate(written) if line.startswith("guideline "))
    assert {classes for _, classes in source.lines[header][: len("guideline")]} == {"tm-keyword-other-header"}
    for line, coloured in zip(tokenize(text), source.lines, strict=False):  # each character coloured by its token
        assert coloured == [
            (line.text[i], class_names(t.scopes, "source.guideline"))
            for t in line.tokens
            for i in range(t.start, t.end)
        ]
    assert httpx.get(f"{base}/guidelines/no-such/text").status_code == 404


# ---- the form is the input schema's ----


class Controls(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.controls: dict[str, dict[str, Any]] = {}
        self.labels: set[str] = set()
        self.options: dict[str, list[str]] = {}
        self.datalists: dict[str, list[str]] = {}
        self._select: str | None = None
        self._datalist: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in ("input", "select") and found.get("name"):
            self.controls[str(found["name"])] = {"tag": tag, **found}
            if tag == "select":
                self._select = str(found["name"])
                self.options[self._select] = []
        elif tag == "label" and found.get("for"):
            self.labels.add(str(found["for"]))
        elif tag == "option" and self._select is not None:
            self.options[self._select].append(str(found.get("value")))
        elif tag == "option" and self._datalist is not None:
            self.datalists[self._datalist].append(str(found.get("value")))
        elif tag == "datalist":
            self._datalist = str(found.get("id"))
            self.datalists[self._datalist] = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "datalist":
            self._datalist = None


@pytest.mark.parametrize("guideline", [AZA, ITP])
def test_the_form_is_generated_from_the_input_schema(base: str, guideline: str) -> None:
    schema = load(str(PATHS[guideline])).input_schema
    program = check_text(PATHS[guideline].read_text(encoding="utf-8"), str(PATHS[guideline])).program
    page = Controls()
    page.feed(httpx.get(f"{base}/guidelines/{guideline}/").text)
    assert [n for n in page.controls if n in schema["properties"]] == [i.name for i in program.inputs]
    for name, prop in schema["properties"].items():
        control = page.controls[name]
        assert control.get("value") in (None, ""), "every field starts unknown"
        if "enum" in prop:
            assert page.options[name] == ["", *[c for c in prop["enum"] if c is not None], "-other-"]
        elif "boolean" in prop.get("type", []):
            assert page.options[name] == ["", "true", "false"]
        else:
            assert control["tag"] == "input" and control["inputmode"] == "decimal"
            units = [v for v in prop["oneOf"] if v.get("type") == "object"]
            if units:
                unit = page.controls[name + "_unit"]
                assert unit["value"] == prop["x-ucum-unit"]
                accepted = [prop["x-ucum-unit"], *units[0]["properties"]["unit"]["enum"]]
                assert page.datalists[str(unit["list"])] == list(dict.fromkeys(accepted))
            else:
                assert name + "_unit" not in page.controls
    for name, control in page.controls.items():
        assert control["id"] in page.labels, f"{name} has a label"
    help_texts = httpx.get(f"{base}/guidelines/{guideline}/").text
    for field in fields(schema):
        for code in field.loinc:
            assert code in help_texts


def test_the_vignettes_name_only_inputs_of_the_form() -> None:
    """What the browser tests type is what the form offers (a value not among the choices goes
    into the choice's "not listed" field)."""
    for guideline, file in ((AZA, "vignettes.json"), (ITP, "itp_vignettes.json")):
        schema = load(str(PATHS[guideline])).input_schema
        for vignette in json.loads((SPECIFICATION / file).read_text(encoding="utf-8")):
            assert set(vignette["inputs"]) <= set(schema["properties"]), vignette["id"]


# ---- the flowchart for the page ----


def test_the_flowchart_marks_each_step_and_the_path(base: str) -> None:
    inputs = json.loads((SPECIFICATION / "vignettes.json").read_text(encoding="utf-8"))[0]["inputs"]
    result = load(str(PATHS[AZA])).evaluate(inputs)
    answer = httpx.post(f"{base}/guidelines/{AZA}/page/flowchart.svg", json=inputs, headers=origin(base))
    assert answer.headers["content-type"] == "image/svg+xml"
    root = ET.fromstring(answer.content)
    steps = [g for g in root.iter(SVG + "g") if g.get("data-step")]
    on_path = [str(g.get("data-step")) for g in steps if "on-path" in (g.get("class") or "").split()]
    assert sorted(on_path) == sorted(result["path"])
    program = check_text(PATHS[AZA].read_text(encoding="utf-8"), str(PATHS[AZA])).program
    assert {g.get("data-step") for g in steps} == {s.id for s in program.steps} | {"end"}
    for element in root.iter():
        assert not any(a.rsplit("}", 1)[-1] in ("style", "href") or a.startswith("on") for a in element.attrib)
        assert element.get("id") is None or str(element.get("id")).startswith("fc-")
        assert element.tag not in (SVG + "script", SVG + "a", SVG + "style")
    assert root.get("width") is None and root.get("viewBox")
    again = httpx.post(f"{base}/guidelines/{AZA}/page/flowchart.svg", json=inputs, headers=origin(base))
    assert again.content == answer.content, "the same result draws the same bytes"
    pdf = httpx.post(f"{base}/guidelines/{AZA}/page/flowchart.pdf", json=inputs, headers=origin(base))
    assert pdf.content.startswith(b"%PDF") and "attachment" in pdf.headers["content-disposition"]


def test_the_svg_is_cleaned_of_anything_that_could_run() -> None:
    hostile = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10pt" '
        b'viewBox="0 0 10 10"><script>alert(1)</script><g id="node1" class="node" onclick="alert(2)" style="x">'
        b'<title>s1</title><a xlink:href="javascript:alert(3)"><text>t</text></a></g>'
        b'<g id="node2" class="node"><title>end:s1</title></g><foreignObject/></svg>'
    )
    marked = page_svg(hostile, {"s1": "Step one"}, ["s1", "end"])
    text = marked.decode("utf-8")
    assert "alert" not in text and "style=" not in text and "foreignObject" not in text
    root = ET.fromstring(marked)
    groups = {g.get("data-step"): g for g in root.iter(SVG + "g") if g.get("data-step")}
    assert set(groups) == {"s1", "end"}
    assert all("on-path" in str(g.get("class")) for g in groups.values())
    assert groups["s1"].get("aria-label") == "Step s1: Step one (on the path)"
    assert re.fullmatch(r"fc-node1", str(groups["s1"].get("id")))

"""The web page (docs/web.md) in a real browser: a real `guideline serve` app (uvicorn on a
loopback port, with CDS Hooks authentication on, so the page's own access policy is the one in
force) and headless Chromium from the system (`/usr/bin/chromium`, `/usr/bin/chromedriver`)
driven by Selenium, one browser session for the module.

Every public vignette of both guidelines is typed into the form (keystrokes and the keyboard's
choice of an option, no script setting values) and must give on the page exactly its expected
status, codes, needs and input errors, the evaluator's own result, and the flowchart's steps on
the path. Also: the messages at the fields, a late answer never shown over a newer one, the
steps' details, zoom and pan, keyboard use, copy and PDF, no patient data in any URL, a console
without errors or warnings, axe-core without serious or critical violations, both widths."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import statistics
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service as ChromeService
from selenium.webdriver.chrome.webdriver import WebDriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from compiler.api import Evaluator, load
from compiler.service.settings import Issuer, Settings
from tests.conftest import ROOT, SPECIFICATION
from tests.service.helpers import ISSUER, make_keys, serving

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
AZA = "azathioprine-thrombocytopenia"
ITP = "itp-immunosuppressant"
GUIDELINES = {
    AZA: (ROOT / "guideline/azathioprine_thrombocytopenia.guideline", SPECIFICATION / "vignettes.json"),
    ITP: (ROOT / "guideline/itp_immunosuppressant.guideline", SPECIFICATION / "itp_vignettes.json"),
}
OTHER = "-other-"  # compiler.web.pages.OTHER: a choice's "not listed" option
WIDE, NARROW = (1920, 1080), (360, 780)
SCREENSHOTS = {NARROW: ROOT / "docs/web-360.png", WIDE: ROOT / "docs/web-1920.png"}


def vignettes(guideline: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(GUIDELINES[guideline][1].read_text(encoding="utf-8"))
    return found


CASES = [(g, v) for g in GUIDELINES for v in vignettes(g)]

# ---- the server and the browser ----


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`guideline serve` with authentication on (a trusted CDS client), the page's default access."""
    from compiler.service.app import create_app

    tmp = tmp_path_factory.mktemp("web")
    jwks = tmp / "jwks.json"
    jwks.write_text(json.dumps(make_keys().jwks()), encoding="utf-8")

    def make(url: str) -> Any:
        settings = Settings(
            guidelines=tuple(str(path) for path, _ in GUIDELINES.values()),
            base_url=url,
            issuers=(Issuer(ISSUER, jwks_file=str(jwks)),),
            feedback_database=str(tmp / "feedback.sqlite3"),
        )
        return create_app(settings)

    with serving(make) as url:
        yield url


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def driver(base: str, downloads: Path) -> Iterator[WebDriver]:
    assert shutil.which(CHROMIUM) or os.path.exists(CHROMIUM), "Chromium is missing: apt-get install chromium"
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", f"--window-size={WIDE[0]},{WIDE[1]}"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    with ExitStack() as stack:
        browser = webdriver.Chrome(service=ChromeService(CHROMEDRIVER), options=options)
        stack.callback(browser.quit)
        browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
        browser.execute_cdp_cmd(
            "Browser.grantPermissions",
            {"permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"], "origin": base},
        )
        yield browser


def console(driver: WebDriver) -> list[dict[str, Any]]:
    """The browser console's errors and warnings since the last look."""
    logged: list[dict[str, Any]] = driver.get_log("browser")  # type: ignore[no-untyped-call]
    return [entry for entry in logged if entry["level"] in ("SEVERE", "WARNING")]


@pytest.fixture
def page(driver: WebDriver, base: str) -> Iterator[WebDriver]:
    """The driver, its console checked clean after the test."""
    console(driver)  # what earlier tests left is theirs
    yield driver
    assert console(driver) == []


def open_page(driver: WebDriver, base: str, guideline: str, size: tuple[int, int] = WIDE) -> None:
    driver.set_window_size(*size)
    url = f"{base}/guidelines/{guideline}/"
    if driver.current_url != url:
        driver.get(url)
    settled(driver)


SETTLED = """
const form = document.getElementById("inputs"), result = document.getElementById("result"),
      chart = document.getElementById("chart");
return form.dataset.revision !== "0" && result.dataset.revision === form.dataset.revision
    && chart.dataset.revision === form.dataset.revision && result.getAttribute("aria-busy") === "false";
"""


def settled(driver: WebDriver, timeout: float = 15) -> None:
    """Until the result and the flowchart shown are those of the latest edit."""
    try:
        WebDriverWait(driver, timeout, poll_frequency=0.02).until(lambda d: d.execute_script(SETTLED))
    except TimeoutException:
        raise AssertionError(f"the page did not settle; console: {console(driver)}") from None


SHOWN = """
const result = document.getElementById("result");
const all = (root, selector) => Array.from(root.querySelectorAll(selector));
return {
  status: result.dataset.status,
  codes: all(result, "[data-code]").map((e) => e.dataset.code),
  needs: all(result, "[data-need]").map((e) => e.dataset.need),
  errors: all(document, "[data-error-input]").map((e) => [e.dataset.errorInput,
      e.closest(".field") ? e.closest(".field").dataset.field : null, e.textContent]),
  needed: all(document, ".field.needed").map((e) => e.dataset.field),
  path: all(document, "#chart .on-path[data-step]").map((e) => e.dataset.step),
  json: document.getElementById("json").textContent,
  url: location.href,
};
"""


def shown(driver: WebDriver) -> dict[str, Any]:
    found: dict[str, Any] = driver.execute_script(SHOWN)
    return found


CONTROLS = """
return Array.from(document.querySelectorAll("#inputs [name]")).map((e) => [e.name, e.tagName.toLowerCase(),
    e.defaultValue === undefined ? "" : e.defaultValue, e.options ? Array.from(e.options).map((o) => o.value) : []]);
"""


class Form:
    """The page's form, its controls found once (the page keeps them)."""

    def __init__(self, driver: WebDriver) -> None:
        self.driver = driver
        elements = driver.find_elements(By.CSS_SELECTOR, "#inputs [name]")
        described = driver.execute_script(CONTROLS)
        self.controls: dict[str, WebElement] = {name: e for (name, *_), e in zip(described, elements, strict=True)}
        self.tags = {name: tag for name, tag, _, _ in described}
        self.defaults = {name: "" if tag == "select" else default for name, tag, default, _ in described}
        self.options = {name: set(options) for name, _, _, options in described}

    def clear(self) -> None:
        self.driver.find_element(By.CSS_SELECTOR, "#inputs button[type=reset]").click()

    def enter(self, inputs: dict[str, Any]) -> None:
        """Each value typed as a user would: digits into a number (and its unit into the unit
        field), the option's words into a select (the browser picks the option they name)."""
        for name, value in inputs.items():
            control = self.controls[name]
            if isinstance(value, dict):
                control.send_keys(str(value["value"]))
                unit = self.controls[name + "_unit"]
                unit.clear()
                unit.send_keys(str(value["unit"]))
            else:
                control.send_keys(self.keys(name, value))
                if self.tags[name] == "select" and not isinstance(value, bool) and value not in self.options[name]:
                    self.controls[name + "_other"].send_keys(str(value))

    def keys(self, name: str, value: Any) -> str:
        """What a user types into the control `name` to enter `value`."""
        if isinstance(value, bool):
            return "yes" if value else "no"
        if self.tags[name] == "select":
            return str(value).replace("_", " ") if value in self.options[name] else "not listed"
        return repr(value) if isinstance(value, float) else str(value)

    def type_all(self, inputs: dict[str, Any]) -> None:
        """All of `inputs` typed in one go from the keyboard, field after field with Tab (a
        field reached by Tab has its text selected, so typing replaces it), in one batch."""
        sequence: list[str] = []
        for name in self.controls:
            base = name.removesuffix("_other")
            if name.endswith("_other") and not (base in inputs and self.keys(base, inputs[base]) == "not listed"):
                continue  # hidden, out of the Tab order
            value = inputs.get(name.removesuffix("_unit").removesuffix("_other"))
            if name.endswith("_unit"):
                typed = str(value["unit"]) if isinstance(value, dict) else ""
            elif name.endswith("_other"):
                typed = str(value)
            elif name in inputs:
                typed = self.keys(name, value["value"] if isinstance(value, dict) else value)
            else:
                typed = ""
            sequence += [typed, Keys.TAB]
        first = next(iter(self.controls.values()))
        first.send_keys(*sequence)

    def values(self) -> dict[str, str]:
        found: dict[str, str] = self.driver.execute_script(
            "return Object.fromEntries(Array.from(document.querySelectorAll('#inputs [name]'))"
            ".map((e) => [e.name, e.value]));"
        )
        return found

    def expected(self, inputs: dict[str, Any]) -> dict[str, str]:
        """What the controls hold once `inputs` are entered after a clear."""
        found = dict(self.defaults)
        for name, value in inputs.items():
            if isinstance(value, dict):
                found[name], found[name + "_unit"] = str(value["value"]), str(value["unit"])
            elif isinstance(value, bool):
                found[name] = "true" if value else "false"
            elif self.tags[name] == "select" and value not in self.options[name]:
                found[name], found[name + "_other"] = OTHER, str(value)
            else:
                found[name] = repr(value) if isinstance(value, float) else str(value)
        return found


@pytest.fixture(scope="module")
def evaluators() -> dict[str, Evaluator]:
    return {g: load(str(path)) for g, (path, _) in GUIDELINES.items()}


def fill(driver: WebDriver, base: str, guideline: str, inputs: dict[str, Any]) -> Form:
    open_page(driver, base, guideline)
    form = Form(driver)
    form.clear()
    form.type_all(inputs)
    settled(driver)
    return form


# ---- every public vignette through the form ----


@pytest.mark.parametrize(("guideline", "vignette"), CASES, ids=[f"{g}-{v['id']}" for g, v in CASES])
def test_a_vignette_entered_in_the_form_gives_its_expected_result_on_the_page(
    page: WebDriver, base: str, evaluators: dict[str, Evaluator], guideline: str, vignette: dict[str, Any]
) -> None:
    form = fill(page, base, guideline, vignette["inputs"])
    assert form.values() == form.expected(vignette["inputs"]), "the form holds what was typed"
    found = shown(page)
    assert found["status"] == vignette["status"]
    assert sorted(found["codes"]) == sorted(vignette["codes"])
    assert found["needs"] == sorted(vignette["needs"])
    expected = evaluators[guideline].evaluate(vignette["inputs"])
    assert json.loads(found["json"]) == expected, "the page shows the evaluator's own result"
    assert found["codes"] == [r["code"] for r in expected["recommendations"]], "in the result's order"
    assert sorted(found["path"]) == sorted(expected["path"]), "the flowchart highlights the result's path"
    assert len(found["path"]) == len(set(found["path"]))
    assert sorted(found["needed"]) == sorted(vignette["needs"]), "each needed input is marked at its field"
    errors = vignette.get("error_inputs", [])
    assert sorted(e[0] for e in found["errors"]) == sorted(errors)
    assert all(field == name for name, field, _ in found["errors"]), "each error is shown at its field"
    problems = {(e["input"], e["problem"]) for e in expected["errors"]}
    assert {(name, text) for name, _, text in found["errors"]} == problems
    assert found["url"] == f"{base}/guidelines/{guideline}/", "the URL holds no patient data"


# ---- messages at the fields ----


def test_unknown_and_invalid_entries_show_their_message_at_the_field(page: WebDriver, base: str) -> None:
    form = fill(page, base, AZA, {})
    found = shown(page)
    assert found["status"] == "needs_data" and found["needs"]
    for name in found["needs"]:
        message = page.find_element(By.CSS_SELECTOR, f"#field-{name} .messages").text
        assert message == "Needed to decide."
    form.enter({"platelets": "abc"})
    settled(page)
    found = shown(page)
    assert found["status"] == "invalid_input"
    assert found["errors"] == [["platelets", "platelets", "expected a number, got the text 'abc'"]]
    control = form.controls["platelets"]
    assert control.get_attribute("aria-invalid") == "true"
    assert "msg-platelets" in str(control.get_attribute("aria-describedby")), "the message is the field's description"
    control.clear()
    form.enter({"platelets": 3000, "anc": {"value": 2, "unit": "furlongs"}})
    settled(page)
    errors = {name: text for name, _, text in shown(page)["errors"]}
    assert set(errors) == {"platelets", "anc"}
    assert "3000" in errors["platelets"] and "furlongs" in errors["anc"]


# ---- the result always belongs to the latest input ----

DELAY_FIRST = """
const original = window.fetch;
let first = true;
window.fetch = function (url, options) {
  const answer = original.call(this, url, options);
  if (first && String(url).endsWith("page/evaluate")) {
    first = false;
    return answer.then((response) => new Promise((resolve) => setTimeout(() => resolve(response), 1500)));
  }
  return answer;
};
"""


def test_a_slower_earlier_answer_never_overwrites_the_newer_result(page: WebDriver, base: str) -> None:
    form = fill(page, base, AZA, {"indication": "inflammatory_bowel_disease"})
    page.execute_script(DELAY_FIRST)  # the next evaluation's answer is held back 1.5 s
    form.enter({"azathioprine_status": "taking"})
    time.sleep(0.3)  # its request is sent (debounce) and held
    form.enter({"tpmt_phenotype": "normal_metabolizer"})
    settled(page)
    newer = shown(page)
    time.sleep(1.6)  # the held answer arrives now
    assert shown(page) == newer
    entered = {"indication": "inflammatory_bowel_disease", "azathioprine_status": "taking"}
    entered["tpmt_phenotype"] = "normal_metabolizer"
    assert json.loads(newer["json"]) == load(str(GUIDELINES[AZA][0])).evaluate(entered), "the latest input's"


# ---- the flowchart: steps, details, zoom, pan, keyboard ----


def test_each_step_shows_its_condition_and_its_value_in_the_trace(page: WebDriver, base: str) -> None:
    inputs = vignettes(AZA)[0]["inputs"]
    fill(page, base, AZA, inputs)
    result = load(str(GUIDELINES[AZA][0])).evaluate(inputs)
    step = result["path"][0]
    group = page.find_element(By.CSS_SELECTOR, f'#chart [data-step="{step}"]')
    assert "on-path" in str(group.get_attribute("class"))
    page.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", group)
    details = page.find_element(By.ID, "step-details")
    traced = [t for t in result["trace"] if t["node"] == step]
    assert traced
    words = {True: "yes", False: "no", None: "unknown"}
    for entry in traced:
        assert f"{entry['condition']}: {words[entry['value']]}" in details.text
    assert "On this patient's path." in details.text
    off = page.find_element(By.CSS_SELECTOR, "#chart [data-step]:not(.on-path)")
    off.send_keys(Keys.ENTER)  # the keyboard: a focused step, Enter
    assert "Not on this patient's path." in page.find_element(By.ID, "step-details").text
    steps = {str(e.get_attribute("data-step")) for e in page.find_elements(By.CSS_SELECTOR, "#chart [data-step]")}
    program_steps = set(page.execute_script(PAGE_STEPS))
    assert steps == program_steps, "every step of the guideline, and End, is a step of the chart"


PAGE_STEPS = "return Object.keys(JSON.parse(document.getElementById('page-data').textContent).steps);"


def view_box(driver: WebDriver) -> list[float]:
    svg = driver.find_element(By.CSS_SELECTOR, "#chart svg")
    return [float(x) for x in str(svg.get_dom_attribute("viewBox")).split()]


def test_the_flowchart_zooms_and_pans_by_button_keyboard_and_pointer(page: WebDriver, base: str) -> None:
    fill(page, base, AZA, vignettes(AZA)[0]["inputs"])
    page.find_element(By.CSS_SELECTOR, "[data-zoom=fit]").click()
    whole = view_box(page)
    page.find_element(By.CSS_SELECTOR, "[data-zoom=in]").click()
    zoomed = view_box(page)
    assert zoomed[2] == pytest.approx(whole[2] / 1.25) and zoomed[3] == pytest.approx(whole[3] / 1.25)
    chart = page.find_element(By.ID, "chart")
    chart.send_keys(Keys.ARROW_RIGHT)
    panned = view_box(page)
    assert panned[0] == pytest.approx(zoomed[0] + 0.1 * zoomed[2]) and panned[1:] == zoomed[1:]
    chart.send_keys("-")
    assert view_box(page)[2] == pytest.approx(panned[2] * 1.25)
    before = view_box(page)
    ActionChains(page).move_to_element(chart).click_and_hold().move_by_offset(-120, -60).release().perform()
    dragged = view_box(page)
    assert dragged[0] > before[0] and dragged[1] > before[1] and dragged[2:] == before[2:]
    page.find_element(By.CSS_SELECTOR, "[data-zoom=path]").click()
    around = view_box(page)
    assert around[2] < whole[2], "the path's steps, closer"
    chart.send_keys("0")
    assert view_box(page) == whole


def test_the_page_is_usable_with_the_keyboard_alone(page: WebDriver, base: str) -> None:
    open_page(page, base, ITP)
    page.refresh()  # focus at the start of the page, the form empty
    settled(page)
    ActionChains(page).send_keys(Keys.TAB).perform()
    assert page.switch_to.active_element.get_attribute("class") == "skip", "first, the skip link"
    ActionChains(page).send_keys(Keys.ENTER).perform()
    ActionChains(page).send_keys(Keys.TAB).perform()
    form = Form(page)
    names = [n for n in form.controls if not n.endswith("_other")][:3]
    assert page.switch_to.active_element.get_attribute("name") == names[0], "then the form's first field"
    inputs = {n: v for n, v in vignettes(ITP)[0]["inputs"].items() if n in names}
    assert len(inputs) >= 2
    sequence = []
    for name in names:  # each field's keys, then Tab to the next (a unit field kept as it is)
        sequence += [form.keys(name, inputs[name]) if name in inputs else "", Keys.TAB]
    ActionChains(page).send_keys(*sequence[:-1]).perform()
    settled(page)
    assert form.values() == form.expected(inputs)
    expected = load(str(GUIDELINES[ITP][0])).evaluate(inputs)
    assert shown(page)["status"] == expected["status"] and shown(page)["needs"] == expected["needs"]
    ActionChains(page).send_keys(Keys.ENTER).perform()  # Enter in a field evaluates in place
    settled(page)
    assert page.current_url == f"{base}/guidelines/{ITP}/#main", "only the skip link's fragment"


# ---- copy, PDF, print, the URL ----


def test_the_result_json_is_one_click_away(page: WebDriver, base: str) -> None:
    fill(page, base, ITP, vignettes(ITP)[0]["inputs"])
    page.find_element(By.ID, "copy-json").click()
    WebDriverWait(page, 5).until(lambda d: d.find_element(By.ID, "tool-message").text)
    assert page.find_element(By.ID, "tool-message").text == "The result JSON is copied."
    copied = page.execute_async_script(
        "navigator.clipboard.readText().then(arguments[0], (e) => arguments[0](String(e)));"
    )
    assert json.loads(copied) == load(str(GUIDELINES[ITP][0])).evaluate(vignettes(ITP)[0]["inputs"])


def test_the_highlighted_flowchart_downloads_as_a_pdf(page: WebDriver, base: str, downloads: Path) -> None:
    from pypdf import PdfReader

    fill(page, base, ITP, vignettes(ITP)[0]["inputs"])
    page.find_element(By.ID, "download-pdf").click()
    target = downloads / f"{ITP}-flowchart.pdf"
    WebDriverWait(page, 15).until(lambda d: target.exists() and target.stat().st_size > 0)
    reader = PdfReader(str(target))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "urgent_hematology_review" in text, "the chart of this patient's result"


def test_no_request_of_the_page_carries_data_in_its_url(page: WebDriver, base: str) -> None:
    fill(page, base, AZA, vignettes(AZA)[1]["inputs"])
    page.find_element(By.NAME, "platelets").send_keys(Keys.ENTER)  # submitting evaluates in place
    settled(page)
    urls = page.execute_script("return performance.getEntriesByType('resource').map((e) => e.name);")
    assert urls and all("?" not in url for url in urls)
    assert page.current_url == f"{base}/guidelines/{AZA}/"


def test_print_puts_the_result_and_the_flowchart_on_their_own_a4_pages(page: WebDriver, base: str) -> None:
    fill(page, base, AZA, vignettes(AZA)[0]["inputs"])
    printed = page.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})
    import base64
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(base64.b64decode(printed["data"])))
    texts = [p.extract_text() for p in reader.pages]
    width, height = (float(x) for x in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842), "A4"
    result_pages = [i for i, t in enumerate(texts) if "reduce_azathioprine_dose" in t and "Result" in t]
    chart_pages = [i for i, t in enumerate(texts) if "Flowchart" in t]
    form_pages = [i for i, t in enumerate(texts) if "Platelet count" in t]
    assert result_pages and chart_pages and form_pages
    assert min(form_pages) < min(result_pages) < min(chart_pages)


# ---- layout, accessibility, screenshots ----


def test_the_page_fits_a_phone_and_a_wide_screen(page: WebDriver, base: str, tmp_path: Path) -> None:
    for size in (NARROW, WIDE):
        fill(page, base, AZA, vignettes(AZA)[0]["inputs"])
        page.set_window_size(*size)
        time.sleep(0.2)
        overflow = page.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;"
        )
        assert overflow <= 0, f"no sideways scrolling at {size[0]} px"
        form = page.find_element(By.ID, "inputs").rect
        chart = page.find_element(By.ID, "chart").rect
        if size == WIDE:
            assert chart["x"] >= form["x"] + form["width"], "the flowchart beside the form"
        else:
            assert chart["y"] >= form["y"] + form["height"], "one column"
        target = SCREENSHOTS[size]
        if os.environ.get("UPDATE_SCREENSHOTS") != "1" and target.exists():
            target = tmp_path / target.name  # the committed screenshots change only on purpose
        page.execute_script("document.activeElement.blur(); window.scrollTo(0, 0);")
        if size == NARROW:  # the result, under the form on a phone
            page.execute_script("document.getElementById('result').scrollIntoView();")
        page.save_screenshot(str(target))
        assert target.stat().st_size > 10_000
    page.execute_script("window.scrollTo(0, 0)")


def axe(driver: WebDriver) -> list[dict[str, Any]]:
    package = importlib.util.find_spec("axe_selenium_python")
    assert package is not None and package.origin is not None, "axe-selenium-python is missing"
    source = (Path(package.origin).parent / "node_modules/axe-core/axe.min.js").read_text(encoding="utf-8")
    driver.execute_script(source)
    found: dict[str, Any] = driver.execute_async_script(
        "axe.run(document, {resultTypes: ['violations']}).then(arguments[0], (e) => arguments[0]({error: String(e)}));"
    )
    assert "error" not in found, found
    return [v for v in found["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["1920", "360"])
def test_axe_core_finds_no_serious_or_critical_violation(page: WebDriver, base: str, size: tuple[int, int]) -> None:
    inputs = vignettes(AZA)[0]["inputs"] if size == WIDE else vignettes(AZA)[22]["inputs"]
    fill(page, base, AZA, inputs)
    page.set_window_size(*size)
    page.find_element(By.ID, "json-details").click()  # the JSON open too
    violations = axe(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations]


COLOURS = """
const source = document.querySelector("section.source .tm-source");
const colour = (selector) => getComputedStyle(source.querySelector(selector)).color;
const box = source.getBoundingClientRect();
return {
  keyword: colour(".tm-keyword-other-header"), comment: colour("[class^='tm-comment']"),
  string: colour("[class*='tm-string']"), plain: getComputedStyle(source).color,
  visible: box.height > 0 && box.width > 0,
  overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
};
"""


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["1920", "360"])
def test_the_guideline_text_opens_coloured_and_passes_axe(page: WebDriver, base: str, size: tuple[int, int]) -> None:
    open_page(page, base, AZA, size)
    link = page.find_element(By.ID, "source-link")
    link.send_keys(Keys.ENTER)  # the keyboard follows it
    WebDriverWait(page, 10).until(lambda p: p.current_url == f"{base}/guidelines/{AZA}/text")
    found = page.execute_script(COLOURS)
    assert found["visible"] and found["overflow"] <= 0, "shown, without sideways scrolling of the page"
    colours = {found["keyword"], found["comment"], found["string"], found["plain"]}
    assert len(colours) == 4, f"keywords, comments, strings and the rest each have their colour: {found}"
    violations = axe(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations]


def test_the_picker_lists_every_guideline_and_passes_axe(page: WebDriver, base: str) -> None:
    page.get(base + "/")
    links = [a.get_attribute("href") for a in page.find_elements(By.CSS_SELECTOR, ".picker a")]
    assert links == [f"{base}/guidelines/{g}/" for g in GUIDELINES]
    assert axe(page) == []


# ---- figures for docs/web.md: keystroke to result, page weight ----

KEYSTROKES = """
window.__latency = {result: [], chart: []};
const form = document.getElementById("inputs");
let pressed = null;
form.addEventListener("keydown", () => { pressed = performance.now(); }, true);
for (const [id, times] of [["result", window.__latency.result], ["chart", window.__latency.chart]]) {
  const region = document.getElementById(id);
  new MutationObserver(() => {
    if (pressed !== null && region.dataset.revision === form.dataset.revision) times.push(performance.now() - pressed);
  }).observe(region, {attributes: true, attributeFilter: ["data-revision"]});
}
"""


def test_keystroke_to_result_and_page_weight_are_measured(page: WebDriver, base: str) -> None:
    fill(page, base, AZA, vignettes(AZA)[0]["inputs"])
    page.execute_script(KEYSTROKES)
    control = page.find_element(By.NAME, "platelets")
    edits = 0
    for value in [str(v) for v in range(20, 140, 5)]:
        control.send_keys(Keys.CONTROL, "a")
        control.send_keys(value)  # a few keystrokes; the result is timed from the last
        settled(page)
        edits += 1
    latencies = page.execute_script("return window.__latency;")
    assert len(latencies["result"]) == len(latencies["chart"]) == edits
    median = statistics.median(latencies["result"])
    assert median < 2000, "a result within a human pause"
    headers = {"Origin": base}
    with httpx.Client(base_url=base, timeout=30) as client:
        html = client.get(f"/guidelines/{AZA}/").content
        css = client.get("/static/page.css").content
        js = client.get("/static/page.js").content
        svg = client.post(f"/guidelines/{AZA}/page/flowchart.svg", json=vignettes(AZA)[0]["inputs"], headers=headers)
        answer = client.post(f"/guidelines/{AZA}/page/evaluate", json=vignettes(AZA)[0]["inputs"], headers=headers)
    assert svg.status_code == answer.status_code == 200
    weight = {"html": len(html), "css": len(css), "js": len(js), "svg": len(svg.content), "result": len(answer.content)}
    chart = statistics.median(latencies["chart"])
    print(
        f"\nkeystroke to result: median {median:.0f} ms over {edits} edits (min {min(latencies['result']):.0f}, "
        f"max {max(latencies['result']):.0f}); to the redrawn flowchart: median {chart:.0f} ms; page weight "
        + ", ".join(f"{k} {v / 1024:.1f} KB" for k, v in weight.items())
        + f"; total {sum(weight.values()) / 1024:.1f} KB"
    )

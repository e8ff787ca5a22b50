// The guideline page: live evaluation of the form, the result region, the flowchart (zoom, pan,
// the steps' details), copy, PDF and print. No library, no build step; served by the package.
// Every value goes to the service in a POST body, never into the URL.
"use strict";

(function () {
  const DEBOUNCE_MS = 120;
  const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
  const VALUES = { true: "yes", false: "no", null: "unknown" };

  const data = JSON.parse(document.getElementById("page-data").textContent);
  const form = document.getElementById("inputs");
  const region = document.getElementById("result");
  const chart = document.getElementById("chart");
  const details = document.getElementById("step-details");
  const summary = document.getElementById("summary");
  const failure = document.getElementById("failure");
  const jsonBox = document.getElementById("json");
  const otherErrors = document.getElementById("other-errors");
  const toolMessage = document.getElementById("tool-message");

  let revision = 0; // of the form: each edit adds one
  let shown = 0; // the revision whose result is shown
  let drawn = 0; // the revision whose flowchart is shown
  let timer = null;
  let latest = null; // the result shown
  let selected = null; // the step whose details are shown
  let view = null; // the flowchart's viewBox: {x, y, w, h}
  let full = null; // the whole chart's viewBox

  // ---- the inputs, as the guideline's input JSON ----

  function inputs() {
    const found = {};
    for (const [name, field] of Object.entries(data.fields)) {
      const element = form.elements.namedItem(name);
      if (!element) continue;
      const raw = element.value.trim();
      if (raw === "") continue; // unknown
      if (field.kind === "boolean") {
        found[name] = raw === "true" ? true : raw === "false" ? false : raw;
      } else if (field.kind === "choice") {
        if (raw !== data.other) found[name] = raw;
        else {
          // A value that is not one of the choices, as the user typed it: the evaluator says so.
          const typed = form.elements.namedItem(name + "_other").value.trim();
          if (typed !== "") found[name] = typed;
        }
      } else {
        // What is not a number goes as typed: the evaluator says what is wrong with it.
        const value = NUMBER.test(raw) && Number.isFinite(Number(raw)) ? Number(raw) : raw;
        const unitElement = form.elements.namedItem(name + "_unit");
        const unit = unitElement ? unitElement.value.trim() : "";
        found[name] = unit === "" || unit === field.unit ? value : { value: value, unit: unit };
      }
    }
    return found;
  }

  function post(path, body) {
    return fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
    });
  }

  async function problem(response) {
    try {
      const body = await response.json();
      return body.error || response.statusText;
    } catch (error) {
      return response.statusText || String(response.status);
    }
  }

  // ---- live evaluation: debounced; a late answer to an older edit is dropped ----

  function changed() {
    revision += 1;
    form.dataset.revision = String(revision);
    region.setAttribute("aria-busy", "true");
    clearTimeout(timer);
    timer = setTimeout(evaluate, DEBOUNCE_MS, revision);
  }

  function evaluate(asked) {
    const body = inputs();
    showResult(asked, body);
    drawChart(asked, body);
  }

  function failed(message) {
    failure.textContent = "The service did not answer: " + message;
    failure.hidden = false;
  }

  async function showResult(asked, body) {
    let answer;
    try {
      const response = await post("page/evaluate", body);
      if (!response.ok) throw new Error(await problem(response));
      answer = await response.json();
    } catch (error) {
      if (asked >= shown) failed(error.message);
      return;
    }
    if (asked < shown) return; // an earlier edit answered after a later one: the later stays
    shown = asked;
    latest = answer.result;
    failure.hidden = true;
    region.innerHTML = answer.html; // drawn by the service's autoescaping templates
    region.dataset.status = latest.status;
    region.dataset.revision = String(asked);
    region.setAttribute("aria-busy", asked === revision ? "false" : "true");
    markFields(latest);
    jsonBox.textContent = JSON.stringify(latest, null, 2);
    summary.textContent = summaryOf(latest);
    if (selected !== null) showStep(selected);
  }

  function summaryOf(result) {
    const plural = (n, word) => n + " " + word + (n === 1 ? "" : "s");
    const words = plural(result.recommendations.length, "recommendation");
    if (result.status === "needs_data") return "Needs data: " + plural(result.needs.length, "input") + " needed; " + words + " so far.";
    if (result.status === "invalid_input") return "Invalid input: " + plural(result.errors.length, "problem") + " to correct.";
    return "Complete: " + words + ".";
  }

  function fieldOf(name) {
    return Object.prototype.hasOwnProperty.call(data.fields, name) ? document.getElementById("field-" + name) : null;
  }

  function markFields(result) {
    for (const field of form.querySelectorAll(".field")) {
      field.classList.remove("needed", "invalid");
      field.querySelector(".messages").replaceChildren();
      const control = form.elements.namedItem(field.dataset.field);
      if (control) control.removeAttribute("aria-invalid");
    }
    otherErrors.replaceChildren();
    for (const name of result.needs) {
      const field = fieldOf(name);
      if (!field) continue;
      field.classList.add("needed");
      const message = document.createElement("p");
      message.className = "need";
      message.textContent = "Needed to decide.";
      field.querySelector(".messages").append(message);
    }
    for (const error of result.errors) {
      const message = document.createElement("p");
      message.className = "error";
      message.dataset.errorInput = error.input;
      const field = fieldOf(error.input);
      if (field) {
        field.classList.add("invalid");
        message.textContent = error.problem;
        field.querySelector(".messages").append(message);
        const control = form.elements.namedItem(error.input);
        if (control) control.setAttribute("aria-invalid", "true");
      } else {
        message.textContent = error.input + ": " + error.problem;
        otherErrors.append(message);
      }
    }
  }

  // ---- the flowchart ----

  async function drawChart(asked, body) {
    let text;
    try {
      const response = await post("page/flowchart.svg", body);
      if (!response.ok) throw new Error(await problem(response));
      text = await response.text();
    } catch (error) {
      if (asked >= drawn) failed(error.message);
      return;
    }
    if (asked < drawn) return;
    drawn = asked;
    const parsed = new DOMParser().parseFromString(text, "image/svg+xml");
    const svg = document.importNode(parsed.documentElement, true);
    chart.replaceChildren(svg);
    chart.dataset.revision = String(asked);
    const box = svg.viewBox.baseVal;
    full = { x: box.x, y: box.y, w: box.width, h: box.height };
    if (view === null) view = Object.assign({}, full);
    applyView();
    if (selected !== null) showStep(selected);
  }

  function svgOf() {
    return chart.querySelector("svg");
  }

  function applyView() {
    const svg = svgOf();
    if (svg && view) svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" "));
  }

  function zoom(factor, cx, cy) {
    if (!view) return;
    const w = Math.min(Math.max(view.w / factor, full.w / 40), full.w * 2);
    const h = (view.h * w) / view.w;
    const x = cx === undefined ? view.x + view.w / 2 : cx;
    const y = cy === undefined ? view.y + view.h / 2 : cy;
    view = { x: x - ((x - view.x) * w) / view.w, y: y - ((y - view.y) * h) / view.h, w: w, h: h };
    applyView();
  }

  function pan(dx, dy) {
    if (!view) return;
    view.x += dx;
    view.y += dy;
    applyView();
  }

  function fit() {
    if (!full) return;
    view = Object.assign({}, full);
    applyView();
  }

  function fitPath() {
    const svg = svgOf();
    if (!svg) return;
    const steps = svg.querySelectorAll(".on-path");
    if (steps.length === 0) return fit();
    const root = svg.getScreenCTM().inverse();
    let box = null;
    for (const step of steps) {
      const b = step.getBBox();
      const m = root.multiply(step.getScreenCTM()); // the step's coordinates → the chart's
      const x1 = b.x * m.a + m.e;
      const y1 = b.y * m.d + m.f;
      const x2 = x1 + b.width * m.a;
      const y2 = y1 + b.height * m.d;
      box = box === null ? { x1, y1, x2, y2 } : {
        x1: Math.min(box.x1, x1), y1: Math.min(box.y1, y1), x2: Math.max(box.x2, x2), y2: Math.max(box.y2, y2),
      };
    }
    const margin = 20;
    view = { x: box.x1 - margin, y: box.y1 - margin, w: box.x2 - box.x1 + 2 * margin, h: box.y2 - box.y1 + 2 * margin };
    applyView();
  }

  function point(event) {
    // A point of the page in the chart's coordinates.
    const svg = svgOf();
    const matrix = svg.getScreenCTM();
    const p = svg.createSVGPoint();
    p.x = event.clientX;
    p.y = event.clientY;
    return p.matrixTransform(matrix.inverse());
  }

  let drag = null;
  chart.addEventListener("pointerdown", (event) => {
    if (!svgOf() || event.button !== 0) return;
    drag = { start: point(event), moved: false, id: event.pointerId };
  });
  chart.addEventListener("pointermove", (event) => {
    if (!drag || event.pointerId !== drag.id) return;
    const now = point(event);
    const dx = drag.start.x - now.x;
    const dy = drag.start.y - now.y;
    if (!drag.moved && Math.hypot(dx, dy) * (chart.clientWidth / view.w) < 4) return;
    if (!drag.moved) chart.setPointerCapture(event.pointerId);
    drag.moved = true;
    pan(dx, dy); // the point under the pointer stays under it
  });
  function endDrag(event) {
    if (!drag || event.pointerId !== drag.id) return;
    if (drag.moved) {
      chart.classList.add("dragged");
      setTimeout(() => chart.classList.remove("dragged"), 0);
    }
    drag = null;
  }
  chart.addEventListener("pointerup", endDrag);
  chart.addEventListener("pointercancel", endDrag);
  chart.addEventListener("wheel", (event) => {
    if (!svgOf()) return;
    event.preventDefault();
    const p = point(event);
    zoom(event.deltaY < 0 ? 1.2 : 1 / 1.2, p.x, p.y);
  }, { passive: false });
  chart.addEventListener("keydown", (event) => {
    const step = event.target.closest ? event.target.closest("[data-step]") : null;
    if (step && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      select(step);
      return;
    }
    if (!view) return;
    const by = { ArrowLeft: [-0.1, 0], ArrowRight: [0.1, 0], ArrowUp: [0, -0.1], ArrowDown: [0, 0.1] }[event.key];
    if (by) {
      event.preventDefault();
      pan(by[0] * view.w, by[1] * view.h);
    } else if (event.key === "+" || event.key === "=") {
      event.preventDefault();
      zoom(1.25);
    } else if (event.key === "-") {
      event.preventDefault();
      zoom(1 / 1.25);
    } else if (event.key === "0") {
      event.preventDefault();
      fit();
    }
  });
  chart.addEventListener("click", (event) => {
    if (chart.classList.contains("dragged")) return;
    const step = event.target.closest("[data-step]");
    if (step) select(step);
  });
  for (const button of document.querySelectorAll("[data-zoom]")) {
    button.addEventListener("click", () => {
      const how = button.dataset.zoom;
      if (how === "in") zoom(1.25);
      else if (how === "out") zoom(1 / 1.25);
      else if (how === "path") fitPath();
      else fit();
    });
  }

  function select(group) {
    selected = group.dataset.step;
    showStep(selected);
  }

  function showStep(name) {
    const info = data.steps[name];
    if (!info) return;
    for (const group of chart.querySelectorAll(".selected")) group.classList.remove("selected");
    for (const group of chart.querySelectorAll('[data-step="' + CSS.escape(name) + '"]')) group.classList.add("selected");
    const onPath = latest !== null && latest.path.includes(name);
    const parts = [];
    const heading = document.createElement("h3");
    heading.textContent = name === "end" ? "End" : "Step " + name + ": " + info.label;
    parts.push(heading);
    const where = document.createElement("p");
    where.textContent = onPath ? "On this patient's path." : "Not on this patient's path.";
    parts.push(where);
    const traced = latest === null ? [] : latest.trace.filter((entry) => entry.node === name);
    if (info.kind === "decision") {
      const list = document.createElement("ol");
      info.conditions.forEach((condition, index) => {
        const item = document.createElement("li");
        const entry = traced.find((t) => t.condition === condition) || (traced[index] && traced[index].condition === condition ? traced[index] : null);
        const code = document.createElement("code");
        code.textContent = condition;
        item.append(code, document.createTextNode(": " + (entry ? VALUES[String(entry.value)] : "not evaluated")));
        item.dataset.value = entry ? String(entry.value) : "unevaluated";
        list.append(item);
      });
      const otherwise = document.createElement("li");
      otherwise.textContent = "otherwise";
      list.append(otherwise);
      parts.push(list);
    } else if (info.kind === "action") {
      const list = document.createElement("ul");
      for (const text of info.recommends) {
        const item = document.createElement("li");
        item.textContent = text;
        list.append(item);
      }
      parts.push(list);
    }
    details.replaceChildren(...parts);
  }

  // ---- copy, PDF, print ----

  document.getElementById("copy-json").addEventListener("click", async () => {
    if (latest === null) return;
    const text = JSON.stringify(latest, null, 2);
    try {
      await navigator.clipboard.writeText(text);
      toolMessage.textContent = "The result JSON is copied.";
    } catch (error) {
      document.getElementById("json-details").open = true;
      const range = document.createRange();
      range.selectNodeContents(jsonBox);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      toolMessage.textContent = "Copying is not allowed here: the JSON is shown and selected below.";
    }
  });

  document.getElementById("download-pdf").addEventListener("click", async () => {
    toolMessage.textContent = "Drawing the PDF…";
    try {
      const response = await post("page/flowchart.pdf", inputs());
      if (!response.ok) throw new Error(await problem(response));
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement("a");
      link.href = url;
      link.download = data.id + "-flowchart.pdf";
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      toolMessage.textContent = "The PDF is downloaded.";
    } catch (error) {
      toolMessage.textContent = "The PDF could not be drawn: " + error.message;
    }
  });

  document.getElementById("print").addEventListener("click", () => window.print());
  let before = null;
  window.addEventListener("beforeprint", () => {
    before = view;
    fit(); // the whole chart on its page
  });
  window.addEventListener("afterprint", () => {
    if (before) {
      view = before;
      applyView();
    }
  });

  // ---- the form ----

  function showOther(select) {
    const other = document.getElementById("other-" + select.name);
    if (other) other.hidden = select.value !== data.other;
  }
  form.addEventListener("input", (event) => {
    if (event.target.tagName === "SELECT") showOther(event.target);
    changed();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault(); // never a navigation: the values stay out of the URL
    revision += 1;
    form.dataset.revision = String(revision);
    clearTimeout(timer);
    evaluate(revision);
  });
  form.addEventListener("reset", () => setTimeout(() => {
    for (const select of form.querySelectorAll("select")) showOther(select);
    changed();
  }, 0));
  changed();
})();

"""The web page for clinicians and reviewers (docs/web.md): a guideline picker and, per
guideline, a form generated from its `INPUT_SCHEMA`, its live result, its flowchart with the
patient's path and its text, coloured, served by `guideline serve` (`compiler.service.app`
includes `router`).

- `pages`: the routes, the templates (Jinja2, autoescaped), the static files and the headers;
- `form`: the fields of a guideline's input schema;
- `flowchart`: the chart with a result's path, marked for the page (`data-step`, `on-path`);
- `source`: the guideline's text, coloured by the editor's grammar (`compiler.highlight`);
- `access`: who may use the page (the access mode, the host, the origin).
"""

from compiler.web.pages import router

__all__ = ["router"]

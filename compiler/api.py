"""The in-process API: compile a guideline once, keep it, call `.evaluate()`.

    >>> from compiler.api import load
    >>> evaluator = load("guideline/azathioprine_thrombocytopenia.guideline")  # doctest: +SKIP
    >>> evaluator.evaluate({"indication": "other", ...})["status"]  # doctest: +SKIP
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Mapping
from typing import Any

from compiler.codegen import generate
from compiler.files import read_text
from dsl.checks import Checked, check_all
from dsl.errors import GuidelineSemanticError
from dsl.parser import parse


def check_text(text: str, filename: str) -> Checked:
    """Parse and check; raise `GuidelineSyntaxError` or `GuidelineSemanticError` with every problem."""
    checked = check_all(parse(text, filename))
    if checked.errors:
        raise GuidelineSemanticError(checked.diagnostics, text)
    return checked


class Evaluator:
    """A compiled guideline, loaded in this process: the same code `guideline compile` writes."""

    def __init__(self, source: str, filename: str) -> None:
        namespace: dict[str, Any] = {"__name__": "guideline_evaluator"}
        exec(compile(source, f"<compiled {os.path.basename(filename)}>", "exec"), namespace)
        self.source = source
        self.guideline_id: str = namespace["GUIDELINE_ID"]
        self.version: str = namespace["VERSION"]
        self.title: str = namespace["TITLE"]
        self.input_schema: dict[str, Any] = namespace["INPUT_SCHEMA"]
        self._evaluate = namespace["evaluate"]

    def evaluate(self, inputs: Mapping[str, object]) -> dict[str, Any]:
        """The result for one patient (status, recommendations, needs, errors, path, trace)."""
        result: dict[str, Any] = self._evaluate(inputs)
        return result


def compile_text(text: str, filename: str = "<guideline>") -> Evaluator:
    """Check and compile a guideline text; cached by its content, so repeated calls are free."""
    return _compiled(hashlib.sha256(text.encode("utf-8")).hexdigest(), text, filename)


@functools.lru_cache(maxsize=32)
def _compiled(digest: str, text: str, filename: str) -> Evaluator:
    return Evaluator(generate(check_text(text, filename)), filename)


def load(path: str) -> Evaluator:
    """Read, check and compile a guideline file (cached by content)."""
    return compile_text(read_text(path, "guideline"), path)

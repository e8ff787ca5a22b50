"""The VS Code extension (editors/vscode): its manifest keeps the interface other tools rely on,
its TextMate grammar tokenises the corpus as its golden files say (the node test, run with the
real vscode-textmate and vscode-oniguruma), and it packages into a .vsix.

The npm packages are installed with `npm ci` (from package-lock.json) only when node_modules is
missing, so the tests need the network once, on a fresh clone, and never after.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

EXTENSION = ROOT / "editors" / "vscode"
NPM = shutil.which("npm")
NODE = shutil.which("node")


@pytest.fixture(scope="module")
def installed() -> Path:
    assert NPM is not None and NODE is not None, "node and npm are needed for the editor's tests"
    if not (EXTENSION / "node_modules").is_dir():
        subprocess.run([NPM, "ci", "--no-audit", "--no-fund"], cwd=EXTENSION, check=True, timeout=600)
    return EXTENSION / "node_modules"


def test_the_manifest_declares_the_language_and_its_grammar() -> None:
    manifest = json.loads((EXTENSION / "package.json").read_text(encoding="utf-8"))
    (language,) = manifest["contributes"]["languages"]
    assert language["id"] == "guideline" and language["extensions"] == [".guideline"]
    (grammar,) = manifest["contributes"]["grammars"]
    assert grammar == {
        "language": "guideline",
        "scopeName": "source.guideline",
        "path": "./syntaxes/guideline.tmLanguage.json",
    }
    assert json.loads((EXTENSION / grammar["path"]).read_text(encoding="utf-8"))["scopeName"] == "source.guideline"
    setting = manifest["contributes"]["configuration"]["properties"]["guideline.serverPath"]
    assert setting["default"] == "guideline"
    configuration = json.loads((EXTENSION / language["configuration"]).read_text(encoding="utf-8"))
    assert configuration["comments"] == {"lineComment": "#"}


def test_the_grammar_tokenises_the_corpus_as_its_golden_files(installed: Path) -> None:
    assert NODE is not None
    env = {k: v for k, v in os.environ.items() if k != "UPDATE_GOLDEN"}
    if os.environ.get("UPDATE_GOLDEN") == "1":
        env["UPDATE_GOLDEN"] = "1"
    done = subprocess.run(
        [NODE, "test/tokenize.js"], cwd=EXTENSION, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "coverage of the corpus: " in done.stdout


def test_the_extension_packages_into_a_vsix(installed: Path) -> None:
    """`npm run package` (vsce), into a temporary file: the .vsix holds the manifest, the grammar,
    the client and the language client library it needs, and nothing of the tests."""
    assert NPM is not None
    with tempfile.TemporaryDirectory(prefix="vsix-") as directory:
        target = Path(directory) / "guideline.vsix"
        done = subprocess.run(
            [NPM, "run", "package", "--", "-o", str(target)],
            cwd=EXTENSION, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
        with zipfile.ZipFile(target) as vsix:
            names = set(vsix.namelist())
    assert {
        "extension/package.json",
        "extension/syntaxes/guideline.tmLanguage.json",
        "extension/language-configuration.json",
        "extension/src/extension.js",
        "extension/node_modules/vscode-languageclient/package.json",
        "extension/readme.md",  # vsce writes the README under this name
    } <= names
    assert not [n for n in names if n.startswith("extension/test/") or "vscode-textmate" in n]

"""Guideline text coloured in Python (`compiler.highlight`) exactly as the VS Code extension
colours it, as HTML that no text can break out of, and the docs built with it.

The tokens are compared with the extension's golden token files (made by vscode-textmate and
vscode-oniguruma, editors/vscode/test/tokenize.js) for every file of the corpus, and with
vscode-textmate itself (run by node from the extension's packages) on generated text that mixes
the corpus' lines with edits and Unicode the two regular expression engines could treat apart,
and on small grammars that make the tokenizer's guards against endless loops fire.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import subprocess
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from compiler.highlight import block, css, tokenize
from compiler.highlight.grammar import UnsupportedGrammar, grammar_bytes, load
from compiler.highlight.onig import MARK_PLANES, UnsupportedPattern, _extra_word_codes, translate
from compiler.highlight.render import class_names
from dsl.errors import GuidelineError
from dsl.syntax.parser import parse
from tests.conftest import ROOT
from tests.test_vscode import NODE, installed  # noqa: F401  (the fixture that installs the npm packages)

EXTENSION = ROOT / "editors" / "vscode"
GRAMMAR = EXTENSION / "syntaxes" / "guideline.tmLanguage.json"
GOLDEN = EXTENSION / "test" / "golden"
GOLDEN_FILES = sorted(GOLDEN.glob("*.tokens"))
CORPUS = ("guideline", "guideline/common", "tests/errors", "tests/errors/common")
ROOT_SCOPE = "source.guideline"
# JavaScript's \s, which tokenize.js uses to leave blank tokens out of the golden files.
JS_SPACE = re.compile("[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]")
HEADER = 'guideline docs-fragment\ntitle "Fragment"\nversion 1.0.0\nstatus draft\n\n'

GoldenToken = tuple[int, int, str, tuple[str, ...]]  # line, UTF-16 column (1-based), text, scopes


def source_of(golden: Path) -> Path:
    return ROOT / (golden.name.removesuffix(".tokens").replace("__", "/") + ".guideline")


def parse_golden(text: str) -> list[GoldenToken]:
    """The .tokens format: `LINE:COLUMN "text" scope scope ...` (JSON text; `-` for no scope)."""
    decoder = json.JSONDecoder()
    found: list[GoldenToken] = []
    for row in text.split("\n"):
        if not row:
            continue
        place, rest = row.split(" ", 1)
        piece, end = decoder.raw_decode(rest)
        scopes = rest[end:].strip()
        line, column = place.split(":")
        found.append((int(line), int(column), piece, () if scopes == "-" else tuple(scopes.split(" "))))
    return found


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def golden_tokens_of(text: str) -> list[GoldenToken]:
    """Our tokens in the golden files' terms: blanks left out, the root scope and every scope's
    `.guideline` ending dropped, columns in UTF-16 code units as JavaScript counts them."""
    found: list[GoldenToken] = []
    for number, line in enumerate(tokenize(text), 1):
        for token in line.tokens:
            piece = line.text[token.start : token.end]
            if JS_SPACE.sub("", piece):
                scopes = tuple(s.removesuffix(".guideline") for s in token.scopes[1:])
                found.append((number, utf16(line.text[: token.start]) + 1, piece, scopes))
    return found


# ---- the grammar is the extension's ----


def test_the_packaged_grammar_is_the_extension_s_byte_for_byte() -> None:
    packaged = ROOT / "compiler" / "highlight" / "guideline.tmLanguage.json"
    assert packaged.read_bytes() == GRAMMAR.read_bytes(), (
        "compiler/highlight/guideline.tmLanguage.json differs from the extension's grammar: "
        "cp editors/vscode/syntaxes/guideline.tmLanguage.json compiler/highlight/"
    )
    assert grammar_bytes() == GRAMMAR.read_bytes(), "the package reads its own copy"


def test_every_golden_file_is_of_a_file_of_the_corpus() -> None:
    """(That every file of the corpus has one is tests/test_vscode.py's to say.)"""
    corpus = {p for d in CORPUS for p in (ROOT / d).glob("*.guideline")}
    assert {source_of(g) for g in GOLDEN_FILES} <= corpus and len(GOLDEN_FILES) > 50


@pytest.mark.parametrize("golden", GOLDEN_FILES, ids=[g.stem for g in GOLDEN_FILES])
def test_the_tokens_are_vscode_textmate_s_golden_tokens(golden: Path) -> None:
    expected = parse_golden(golden.read_text(encoding="utf-8"))
    assert expected, "a golden file with tokens"
    assert golden_tokens_of(source_of(golden).read_text(encoding="utf-8")) == expected


# ---- and vscode-textmate's on text no golden file holds ----

TOKENIZE_JS = r"""
const fs = require("fs"), path = require("path");
const vsctm = require("vscode-textmate"), onig = require("vscode-oniguruma");
const wasm = fs.readFileSync(path.join(path.dirname(require.resolve("vscode-oniguruma")), "onig.wasm"));
const { grammar: file, scope, texts } = JSON.parse(fs.readFileSync(0, "utf-8"));
onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength)).then(async () => {
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p) => new onig.OnigScanner(p),
      createOnigString: (s) => new onig.OnigString(s),
    }),
    loadGrammar: async (name) => (name === scope ? vsctm.parseRawGrammar(fs.readFileSync(file, "utf-8"), file) : null),
  });
  const g = await registry.loadGrammar(scope);
  const out = texts.map((text) => {
    let stack = vsctm.INITIAL;
    return text.split("\n").map((line) => line.replace(/\r$/, "")).map((line) => {
      const result = g.tokenizeLine(line, stack);
      stack = result.ruleStack;
      return result.tokens
        .filter((t) => t.startIndex < line.length)
        .map((t) => [t.startIndex, Math.min(t.endIndex, line.length), t.scopes]);
    });
  });
  process.stdout.write(JSON.stringify(out));
});
"""


def vscode_textmate(grammar_file: Path, scope: str, texts: list[str]) -> list[Any]:
    """Every text's tokens by vscode-textmate: per line, [start, end, scopes] in UTF-16 units."""
    assert NODE is not None
    request = json.dumps({"grammar": str(grammar_file), "scope": scope, "texts": texts})
    done = subprocess.run(
        [NODE, "-e", TOKENIZE_JS], cwd=EXTENSION, input=request, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    found: list[Any] = json.loads(done.stdout)
    return found


def ours(text: str, grammar_raw: dict[str, Any] | None = None) -> list[Any]:
    g = load(grammar_raw) if grammar_raw is not None else None
    return [
        [[utf16(line.text[: t.start]), utf16(line.text[: t.end]), list(t.scopes)] for t in line.tokens]
        for line in tokenize(text, g)
    ]


EDITS = [*" \t\"'#,.()<>=!+-*/_:;\\0123456789x\r", "and", "or else", "go to", "urgency critical", "is", "end"]
EDITS += ["means", "loinc", "recommend", "\u0301", "\u203f", "\x1c", "\x85", "\xa0", "\u3000", "\ufeff", "²"]
EDITS += ["é", "中", "😀", "\u200d", "\u2028"]


def generated_texts(count: int, seed: int) -> list[str]:
    """Texts of 1 to 6 lines of the corpus, each with a few insertions and deletions."""
    lines = [
        line
        for d in CORPUS
        for p in sorted((ROOT / d).glob("*.guideline"))
        for line in p.read_text("utf-8").split("\n")
    ]
    chooser = random.Random(seed)
    texts = []
    for _ in range(count):
        chosen = []
        for _ in range(chooser.randint(1, 6)):
            line = list(chooser.choice(lines))
            for _ in range(chooser.randint(0, 4)):
                at = chooser.randint(0, len(line))
                if chooser.random() < 0.6:
                    line[at:at] = list(chooser.choice(EDITS))
                elif line:
                    del line[min(at, len(line) - 1)]
            chosen.append("".join(line))
        texts.append("\n".join(chosen))
    return texts


def test_the_tokens_are_vscode_textmate_s_on_generated_text(installed: Path) -> None:  # noqa: F811
    texts = generated_texts(1500, seed=20250)
    expected = vscode_textmate(GRAMMAR, ROOT_SCOPE, texts)
    differing = [(text, e) for text, e in zip(texts, expected, strict=True) if ours(text) != e]
    assert not differing, f"{len(differing)} of {len(texts)} texts differ, e.g. {differing[0][0]!r}"


LOOPING: dict[str, dict[str, Any]] = {
    "an end that matches where its begin did": {
        "scopeName": "source.t",
        "patterns": [{"name": "a", "begin": "(?=x)", "end": "(?=x)"}, {"match": "x", "name": "b"}],
    },
    "a begin that pushes itself without advancing": {
        "scopeName": "source.t",
        "patterns": [{"include": "#again"}],
        "repository": {"again": {"name": "a", "begin": "(?=y)", "end": "z", "patterns": [{"include": "#again"}]}},
    },
    "a match of nothing": {
        "scopeName": "source.t",
        "patterns": [{"name": "o", "begin": "o", "end": "$", "patterns": [{"match": "(?=q)", "name": "e"}]}],
    },
    "captures nested, named by their text, end last": {
        "scopeName": "source.t",
        "patterns": [
            {"match": "((\\w+)-(\\w+))", "captures": {"1": {"name": "w.$2"}, "3": {"name": "u.${3:/upcase}"}}},
            {
                "begin": "\\[",
                "end": "\\]",
                "applyEndPatternLast": True,
                "contentName": "inside",
                "patterns": [{"match": "\\]\\]", "name": "twice"}],
            },
        ],
    },
}


@pytest.mark.parametrize("case", LOOPING)
def test_the_tokenizer_s_guards_and_captures_are_vscode_textmate_s(
    case: str,
    tmp_path: Path,
    installed: Path,  # noqa: F811
) -> None:
    raw = LOOPING[case]
    file = tmp_path / "t.tmLanguage.json"
    file.write_text(json.dumps(raw), encoding="utf-8")
    texts = ["x", "ax xa\nx", "yyz", "ay z", "o q q", "oq", "ab-cd ef-gh", "[a]] b]]]", "[x\n]]\n]", ""]
    expected = vscode_textmate(file, str(raw["scopeName"]), texts)
    assert [ours(t, raw) for t in texts] == expected


# ---- the regular expressions ----


def test_the_word_characters_are_oniguruma_s_for_every_code_point() -> None:
    """Oniguruma's are L, M, N, Pc: Python's \\w (all L or N) and the marks and connectors, which
    lie in the planes `MARK_PLANES` names."""
    assert _extra_word_codes(MARK_PLANES) == _extra_word_codes(((0, sys.maxunicode),))
    word = re.compile(r"\w")
    outside = [
        c for c in range(sys.maxunicode + 1) if word.match(chr(c)) and unicodedata.category(chr(c))[0] not in "LN"
    ]
    assert outside == [0x5F], "Python's \\w is letters, numbers and the underscore"


@pytest.mark.parametrize(
    "pattern", ["\\Gx", "\\Ax", "a\\z", "\\h", "\\p{L}", "\\x{41}", "(?i)a", "(?m:a)", "[[:alpha:]]", "[a&&b]", "[\\S]"]
)
def test_oniguruma_syntax_outside_the_subset_is_refused(pattern: str) -> None:
    with pytest.raises(UnsupportedPattern):
        translate(pattern)
    with pytest.raises(UnsupportedGrammar):
        load({"scopeName": "source.t", "patterns": [{"match": pattern, "name": "x"}]})


@pytest.mark.parametrize(
    "raw",
    [
        {"scopeName": "source.t", "patterns": [{"begin": "a", "while": "b"}]},
        {"scopeName": "source.t", "patterns": [{"include": "source.other"}]},
        {"scopeName": "source.t", "patterns": [{"include": "#missing"}]},
        {"scopeName": "source.t", "injections": {}, "patterns": []},
        {"scopeName": "source.t", "patterns": [{"match": "(a)", "captures": {"1": {"patterns": []}}}]},
    ],
    ids=["while", "another grammar", "missing rule", "injections", "captures with patterns"],
)
def test_grammar_features_outside_the_subset_are_refused(raw: dict[str, Any]) -> None:
    with pytest.raises(UnsupportedGrammar):
        load(raw)


# ---- the HTML ----


class Markup(HTMLParser):
    """The tags, attributes and text of a highlighted block, with each line's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.lines: list[str] = []
        self.chars: list[list[tuple[str, str]]] = []  # per line: (character, its classes)
        self._classes: list[str] = []
        self._in_line = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if tag == "span" and found.get("class") == "tm-line":
            self.lines.append("")
            self.chars.append([])
            self._in_line = True
            self._classes = []
        elif tag == "span":
            self._classes.append(str(found.get("class")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._classes:
            self._classes.pop()
        elif tag == "span":
            self._in_line = False

    def handle_data(self, data: str) -> None:
        if self._in_line:
            self.lines[-1] += data
            self.chars[-1] += [(c, self._classes[-1] if self._classes else "") for c in data]


def shown(html: str) -> Markup:
    markup = Markup()
    markup.feed(html)
    markup.close()
    return markup


HOSTILE = (
    'guideline hostile\ntitle "</span></code></pre><script>alert(1)</script>"\n'
    "# </span><script>alert(2)</script> & &amp; <!-- ' \"\n"
    'recommendation r\n  text "<img src=x onerror=alert(3)> \\" </pre>"\n'
    "</span><b>not a keyword</b>\n"
)


def test_hostile_text_stays_text() -> None:
    html = block(HOSTILE, line_numbers=True, label='"><script>alert(4)</script>')
    markup = shown(html)
    assert {tag for tag, _ in markup.tags} == {"pre", "code", "span"}
    assert "<script" not in html and "<img" not in html and "<b>" not in html and "<!--" not in html
    assert markup.lines == HOSTILE.split("\n")[:-1], "every character shown as written"
    (pre,) = [attrs for tag, attrs in markup.tags if tag == "pre"]
    assert pre["aria-label"] == '"><script>alert(4)</script>'
    for _, attrs in markup.tags:
        assert set(attrs) <= {"class", "data-line", "role", "aria-label", "tabindex"}


def test_a_scope_holding_matched_text_gives_a_safe_class() -> None:
    named = class_names(("source.guideline", 'constant.x.<a href="y">.guideline', "meta.line.z.guideline"), ROOT_SCOPE)
    assert named == "tm-constant-x-_a_href__y__"


def test_each_token_s_classes_are_its_scopes() -> None:
    text = (ROOT / "guideline" / "azathioprine_thrombocytopenia.guideline").read_text(encoding="utf-8")
    markup = shown(block(text, line_numbers=True))
    numbers = [attrs.get("data-line") for tag, attrs in markup.tags if attrs.get("class") == "tm-line"]
    assert numbers == [str(n) for n in range(1, len(markup.lines) + 1)]
    for line, chars in zip(tokenize(text), markup.chars, strict=False):
        expected = [
            (line.text[i], class_names(t.scopes, ROOT_SCOPE)) for t in line.tokens for i in range(t.start, t.end)
        ]
        assert chars == expected


def test_the_same_text_gives_the_same_bytes_in_any_interpreter() -> None:
    paths = [
        ROOT / "guideline" / "azathioprine_thrombocytopenia.guideline",
        ROOT / "guideline" / "itp_immunosuppressant.guideline",
    ]
    here = [hashlib.sha256(block(p.read_text("utf-8"), line_numbers=True).encode()).hexdigest() for p in paths]
    assert here == [hashlib.sha256(block(p.read_text("utf-8"), line_numbers=True).encode()).hexdigest() for p in paths]
    script = (
        "import hashlib, sys\nfrom compiler.highlight import block\n"
        "for p in sys.argv[1:]:\n"
        "    print(hashlib.sha256(block(open(p, encoding='utf-8').read(), line_numbers=True).encode()).hexdigest())\n"
    )
    for seed in ("1", "2"):
        environment = {"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}
        done = subprocess.run(
            [sys.executable, "-c", script, *map(str, paths)],
            cwd=ROOT, capture_output=True, text=True, timeout=120, env=environment,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert done.stdout.split() == here


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_colour_of_the_theme_meets_wcag_aa_on_its_background() -> None:
    theme = css()
    background = re.search(r"\.tm-source \{[^}]*background: (#[0-9a-f]{6})", theme)
    assert background is not None
    colours = re.findall(r"(?<![-\w])color: (#[0-9a-f]{6})", theme)
    assert len(colours) >= 10
    back = luminance(background[1])
    for colour in colours:
        ratio = (max(luminance(colour), back) + 0.05) / (min(luminance(colour), back) + 0.05)
        assert ratio >= 4.5, f"{colour} on {background[1]}: {ratio:.2f}"


# ---- the docs ----

DOCS = sorted((ROOT / "docs").glob("*.md"))


def fences(path: Path) -> list[tuple[str, str]]:
    """Every fence of a doc: (its label, its text)."""
    tokens = MarkdownIt("commonmark").parse(path.read_text(encoding="utf-8"))
    return [(t.info.strip().split(" ")[0] if t.info.strip() else "", t.content) for t in tokens if t.type == "fence"]


def parses(text: str) -> bool:
    """Whether the text is a guideline, or a part of one that parses under a header."""
    whole = text.lstrip().startswith(("guideline ", "library ")) or "\nguideline " in text or "\nlibrary " in text
    try:
        parse(text if whole else HEADER + text, "docs")
    except GuidelineError:
        return False
    return True


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docs")
    done = subprocess.run(
        [sys.executable, "-m", "docs.build", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return out


def test_the_docs_build_colours_every_guideline_fence_and_no_other(built: Path) -> None:
    total = 0
    for doc in DOCS:
        page = (built / f"{doc.stem}.html").read_text(encoding="utf-8")
        guideline = [text for label, text in fences(doc) if label == "guideline"]
        blocks = re.findall(r'<pre class="tm-source">.*?</pre>', page, flags=re.S)
        assert len(blocks) == len(guideline), doc.name
        for html, text in zip(blocks, guideline, strict=True):
            markup = shown(html)
            assert markup.lines == text.removesuffix("\n").split("\n"), "the fence's text, whole"
            assert any(classes.startswith("tm-") for line in markup.chars for _, classes in line), "coloured"
        assert "language-guideline" not in page, f"{doc.name}: a guideline fence left as plain code"
        total += len(guideline)
    assert total >= 14
    assert (built / "highlight.css").read_text(encoding="utf-8") == css()
    assert (built / "index.html").is_file()


def test_every_fence_of_guideline_text_is_labelled_guideline() -> None:
    unlabelled = [(doc.name, text) for doc in DOCS for label, text in fences(doc) if not label and parses(text)]
    assert not unlabelled, f"label these fences ```guideline: {unlabelled[:3]}"


@pytest.mark.parametrize(
    "doc", [d for d in DOCS if any(label == "guideline" for label, _ in fences(d))], ids=lambda d: d.stem
)
def test_every_guideline_fence_parses_and_has_no_invalid_token(doc: Path) -> None:
    for label, text in fences(doc):
        if label != "guideline":
            continue
        assert parses(text), f"{doc.name}: a ```guideline fence that does not parse:\n{text}"
        invalid = [
            line.text[t.start : t.end]
            for line in tokenize(text)
            for t in line.tokens
            if any(s.startswith("invalid") for s in t.scopes)
        ]
        assert not invalid, f"{doc.name}: tokens marked invalid: {invalid}"


def test_the_docs_build_gives_the_same_bytes_twice(built: Path, tmp_path: Path) -> None:
    from docs.build import build

    again = build(tmp_path / "again")
    assert sorted(p.name for p in again) == sorted(p.name for p in built.iterdir())
    for path in again:
        assert path.read_bytes() == (built / path.name).read_bytes(), path.name


@pytest.mark.parametrize("char", ["\u202e", "\u200d", "\x1b", "\u2028", "\x7f"])
def test_an_invisible_character_is_shown_as_its_escape(char: str) -> None:
    from compiler.highlight import block
    from dsl.text import one_line

    text = f'guideline x\n# a comment {char}with a hidden character\ntitle "a{char}b"\n'
    html = block(text)
    assert char not in html, "the character itself never reaches the page"
    assert html.count(f'<span class="tm-invisible" title="an invisible character">{one_line(char)}</span>') == 2


def test_a_tab_stays_a_tab() -> None:
    from compiler.highlight import block

    assert "\t" in block("guideline x\n#\tindented comment\n")

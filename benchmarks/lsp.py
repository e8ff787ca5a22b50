"""The language server's latency: from `didChange` to `publishDiagnostics`.

A real `guideline lsp` process over stdio (driven by pygls's client) gets the full text of a
guideline after each edit and publishes its diagnostics; the time from sending `didChange` to
receiving them is the latency an author sees. Each edit changes one number in a condition, so
the text stays valid and every edit is checked in full (parse, names and types, the graph, the
verifier). The median of several edits is set beside the baseline measured in the same run: the
same texts checked in this process through the front door (`compiler.api.report_text`, what
`guideline check` runs, without its on-disk cache), so the difference is what the server adds
(the protocol, the worker thread, converting the diagnostics).

    python -m benchmarks.lsp            # the shipped guideline and a 10,000-step one
    python -m benchmarks.lsp --quick    # 1,000 steps instead of 10,000
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHIPPED = ROOT / "guideline" / "azathioprine_thrombocytopenia.guideline"
SERVER = [sys.executable, "-c", "import sys; from compiler.cli import main; sys.exit(main(['lsp']))"]
TIMEOUT = 300.0  # seconds for one analysis, far above what a 10,000-step guideline takes


def edits(text: str, count: int, old: str, new: str) -> list[str]:
    """`count` texts alternating between `text` with `old` replaced by `new` and `text` itself."""
    changed = text.replace(old, new, 1)
    assert changed != text, f"{old!r} is not in the text"
    return [changed if n % 2 == 0 else text for n in range(count)]


async def _latencies(path: Path, text: str, texts: list[str]) -> tuple[float, list[float], int]:
    """Open the text, then send each of `texts` as a change: (the open's time, each change's
    time, the number of diagnostics last published)."""
    from lsprotocol import types
    from pygls import uris
    from pygls.lsp.client import LanguageClient

    client = LanguageClient("benchmark", "1.0")
    arrived: asyncio.Queue[tuple[float, types.PublishDiagnosticsParams]] = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)  # type: ignore[untyped-decorator]
    def _published(params: types.PublishDiagnosticsParams) -> None:
        arrived.put_nowait((time.perf_counter(), params))

    await client.start_io(*SERVER)
    await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities()))
    client.initialized(types.InitializedParams())
    uri = uris.from_fs_path(str(path)) or str(path)

    async def wait(version: int) -> tuple[float, int]:
        while True:
            at, params = await asyncio.wait_for(arrived.get(), TIMEOUT)
            if params.uri == uri and params.version == version:
                return at, len(params.diagnostics)

    start = time.perf_counter()
    item = types.TextDocumentItem(uri=uri, language_id="guideline", version=1, text=text)
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
    at, count = await wait(1)
    opening = at - start
    found: list[float] = []
    for version, changed in enumerate(texts, start=2):
        identifier = types.VersionedTextDocumentIdentifier(uri=uri, version=version)
        change = types.TextDocumentContentChangeWholeDocument(text=changed)
        start = time.perf_counter()
        params = types.DidChangeTextDocumentParams(text_document=identifier, content_changes=[change])
        client.text_document_did_change(params)
        at, count = await wait(version)
        found.append(at - start)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()  # type: ignore[no-untyped-call]
    return opening, found, count


def baseline(path: Path, texts: list[str]) -> list[float]:
    """Each text checked in this process through the front door, as `guideline check` does."""
    from compiler.api import report_text
    from compiler.cli.main import tune_gc
    from dsl.limits import headroom

    tune_gc()  # as `guideline` runs every command
    with headroom():
        report_text(texts[-1], str(path))  # warm, as the server is by the time of the first edit
    found = []
    for text in texts:
        start = time.perf_counter()
        with headroom():
            report_text(text, str(path))
        found.append(time.perf_counter() - start)
    return found


def measure(name: str, path: Path, text: str, count: int, old: str, new: str) -> dict[str, Any]:
    texts = edits(text, count, old, new)
    opening, served, diagnostics = asyncio.run(_latencies(path, text, texts))
    checked = baseline(path, texts)
    return {
        "name": name,
        "steps": sum(1 for line in text.split("\n") if line.startswith(("decision ", "action "))),
        "lines": text.count("\n"),
        "open": opening,
        "served": served,
        "checked": checked,
        "diagnostics": diagnostics,
    }


def run(steps: int = 10_000, count: int = 15, large_count: int = 5) -> list[dict[str, Any]]:
    from benchmarks.synthetic import synthetic

    results = [measure("shipped (azathioprine)", SHIPPED, SHIPPED.read_text(encoding="utf-8"), count,
                       "define severe as platelets < 50", "define severe as platelets < 51")]  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="lsp-benchmark-") as directory:
        path = Path(directory) / f"synthetic_{steps}.guideline"
        text = synthetic(steps)
        path.write_text(text, encoding="utf-8")
        results.append(measure(f"synthetic, {steps:,} steps", path, text, large_count, "x1 > 37", "x1 > 38"))
    return results


def _seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def table(results: list[dict[str, Any]]) -> str:
    rows = [
        "| guideline | steps | lines | edits | didChange → publishDiagnostics, median (min–max) | "
        "front door in-process, median | server's share | didOpen → first diagnostics |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        served, checked = statistics.median(r["served"]), statistics.median(r["checked"])
        rows.append(
            f"| {r['name']} | {r['steps']:,} | {r['lines']:,} | {len(r['served'])} | {_seconds(served)} "
            f"({_seconds(min(r['served']))}–{_seconds(max(r['served']))}) | {_seconds(checked)} | "
            f"{served / checked:.2f}x | {_seconds(r['open'])} |"
        )
    return "\n".join(rows)


def section(args: argparse.Namespace) -> tuple[str, str]:
    """For `benchmarks/run.py`: (title, body)."""
    quick = bool(getattr(args, "quick", False))
    results = run(1_000 if quick else 10_000, 5 if quick else 15, 3 if quick else 5)
    return "Language server: diagnostics as the author types", "\n".join([
        "A real `guideline lsp` process over stdio gets each edit as a full-text `didChange`; the time",
        "runs from sending it to receiving `publishDiagnostics` for that version. Each edit changes one",
        "number in a condition (the text stays valid, so every edit is checked in full: parse, names",
        "and types, the graph, the verifier). Beside it, the same texts checked in this process through",
        "the front door (`compiler.api.report_text`, what `guideline check` runs, without its on-disk",
        "cache). The server's share is the ratio of the two medians (`benchmarks/lsp.py`).",
        "",
        table(results),
    ])  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1,000 steps instead of 10,000, fewer edits")
    args = parser.parse_args()
    os.environ.setdefault("GUIDELINE_NO_REPORT_CACHE", "1")
    title, body = section(args)
    print(f"## {title}\n\n{body}")


if __name__ == "__main__":
    main()

"""The service's parts on their own: the markdown escaper, the settings (flags and config file),
and `guideline serve` as a real process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from compiler.files import UsageError
from compiler.service import markdown as md
from compiler.service.settings import Settings, fetchable, from_toml, merged, trust
from dsl.text import one_line
from tests.conftest import ROOT
from tests.service.helpers import free_socket

PARSER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def _plain(markdown: str) -> tuple[set[str], str]:
    tokens = PARSER.parse(markdown)
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or ()}
    text = "".join(c.content for t in tokens for c in t.children or () if c.type == "text")
    return kinds, text


@given(st.text(max_size=200))
@settings(max_examples=300, deadline=None)
def test_escaped_text_renders_as_itself_and_nothing_else(value: str) -> None:
    kinds, text = _plain(md.text(value))
    assert kinds <= {"paragraph_open", "paragraph_close", "inline", "text"}
    shown = one_line(value).replace("\0", "\ufffd")  # CommonMark turns NUL into U+FFFD
    assert text.strip() == shown.strip()  # and drops the white space at a paragraph's ends


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        "![i](https://e.example/i.png)",
        "**b** _i_ ~~s~~",
        "# heading",
        "- item",
        "1. item",
        "> quote",
        "| a | b |",
        "`code`",
        "&amp; &#60;",
        "<!-- c -->",
        "---",
        "===",
        "www.evil.example",
        "https://evil.example",
        "user@evil.example",
        "line\n# two",
        "\u202eevil",
    ],
)
def test_each_kind_of_markup_is_inert(attack: str) -> None:
    kinds, text = _plain(md.text(attack))
    assert kinds <= {"paragraph_open", "paragraph_close", "inline", "text"}, kinds
    assert text == one_line(attack)


def test_the_markup_helpers_refuse_what_they_cannot_make_safe() -> None:
    assert md.link("Chart", "https://x.example/a?b=1") == "[Chart](<https://x.example/a?b=1>)"
    for url in ("javascript:alert(1)", "https://x.example/a>b", "data:text/html,x"):
        with pytest.raises(ValueError):
            md.link("x", url)
    with pytest.raises(ValueError):
        md.item("two\nlines")


def test_a_config_file_holds_every_setting(tmp_path: Path) -> None:
    config = """
base_url = "https://cds.example.org"
guidelines = ["guideline/"]
port = 9000
cors_origins = ["https://ehr.example.org"]
feedback_database = "/tmp/f.sqlite3"
[fhir]
timeout = 3
max_bytes = 1000
[results]
max_count = 10
max_seconds = 60
[[trust]]
issuer = "https://ehr.example.org"
jwks = "https://ehr.example.org/jwks.json"
jku = ["https://ehr.example.org/other.json"]
[[trust]]
issuer = "urn:local"
jwks = "keys.json"
"""
    found = from_toml(config, "service.toml")
    assert found.base == "https://cds.example.org" and found.port == 9000 and found.fhir_timeout == 3
    assert found.results_max_count == 10 and found.fhir_max_bytes == 1000
    [web, local] = found.issuers
    assert web.jwks_url == "https://ehr.example.org/jwks.json"
    assert web.allowed_jku == ("https://ehr.example.org/jwks.json", "https://ehr.example.org/other.json")
    assert local.jwks_file == "keys.json" and local.allowed_jku == ()
    assert merged(found, port=9100, fhir_timeout=None).port == 9100


@pytest.mark.parametrize(
    "config, problem",
    [
        ("port = 'x'", "port must be a int"),
        ("colour = 1", "unknown setting 'colour'"),
        ("[fhir]\nspeed = 1", "unknown setting [fhir] speed"),
        ("insecure_no_auth = true\ncors_origins = ['*']", "'*' is refused"),
        ("[[trust]]\nissuer = 'a'\njwks = 'http://keys.example/jwks.json'", "is not https"),
        ("base_url = 'https://x'", "no trusted client"),
        ("x = [", "not valid TOML"),
    ],
)
def test_a_bad_config_is_a_usage_error_naming_it(config: str, problem: str) -> None:
    with pytest.raises(UsageError, match=problem.replace("[", r"\[").replace("*", r"\*")):
        from_toml(config, "service.toml")


def test_urls_fetched_are_https_or_loopback() -> None:
    assert fetchable("https://ehr.example.org/jwks.json")
    assert fetchable("http://127.0.0.1:8080/x") and fetchable("http://localhost/x") and fetchable("http://[::1]/x")
    for url in ("http://ehr.example.org/x", "ftp://x/y", "https://user:pw@x.example/", "file:///etc/passwd", "x"):
        assert not fetchable(url)
    assert trust("https://ehr.example.org=keys.json").jwks_file == "keys.json"
    with pytest.raises(UsageError):
        trust("no-equals-sign")
    assert Settings(host="::1", port=1).base == "http://[::1]:1"


def test_guideline_serve_runs_and_warns_when_insecure(tmp_path: Path) -> None:
    sock = free_socket()
    port = sock.getsockname()[1]
    sock.close()
    command = [
        sys.executable,
        "-c",
        "from compiler.cli import main; raise SystemExit(main())",
        "serve",
        str(ROOT / "guideline"),
        "--insecure-no-auth",
        "--port",
        str(port),
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                ready = httpx.get(f"http://127.0.0.1:{port}/ready", timeout=2)
                if ready.status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, process.communicate()
            time.sleep(0.1)
        discovery = httpx.get(f"http://127.0.0.1:{port}/cds-services", timeout=10)
        assert discovery.status_code == 200 and discovery.json()["services"]
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    assert "WARNING: --insecure-no-auth" in err
    assert process.returncode == 0


def test_guideline_serve_without_a_trusted_client_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    from compiler.cli import main

    assert main(["serve", str(ROOT / "guideline")]) == 2
    assert "no trusted client" in capsys.readouterr().err


@pytest.mark.parametrize("base", ["http://[x", "http://h:99999", "ftp://h", "http://h/?q=1"])
def test_a_base_url_that_cannot_work_is_a_usage_error(base: str) -> None:
    from compiler.service.settings import check

    with pytest.raises(UsageError, match="--base-url must be an http"):
        check(Settings(base_url=base, insecure_no_auth=True))


def test_a_feedback_database_that_cannot_be_opened_is_a_usage_error(tmp_path: Path) -> None:
    from compiler.service.feedback import FeedbackStore

    (tmp_path / "text.sqlite3").write_text("not a database", encoding="utf-8")
    for path, why in (
        (tmp_path / "no" / "dir" / "f.sqlite3", "unable to open"),
        (tmp_path / "text.sqlite3", "not a database"),
    ):
        with pytest.raises(UsageError, match=f"cannot be used as the feedback database .*{why}"):
            FeedbackStore(str(path))

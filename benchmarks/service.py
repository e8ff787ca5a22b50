"""The CDS Hooks service under load: `python -m benchmarks.service [--quick]`.

`guideline serve` runs in a process of its own (a config file trusting one client, whose tokens
the benchmark signs with ES384 before each phase: every call carries a fresh JWT, checked in
full). The calls are `patient-view` calls of the shipped guideline with the whole record in the
prefetch (vignette p01's FHIR record, from `tests/fhir/builder.py`), at concurrency 1 and 16,
beside `GET /health` on the same server in the same run (the framework's floor: no token, no
body). Then 10,000 more calls at concurrency 16, with the server's resident memory read from
/proc every 2,000 calls. The client (httpx, asyncio) runs on the same machine as the server.

Targets: p95 at concurrency 16 within 3x of the trivial endpoint's p95, no error, memory flat.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GUIDELINE = ROOT / "guideline" / "azathioprine_thrombocytopenia.guideline"
SERVICE = "azathioprine-thrombocytopenia"
ISSUER = "https://ehr.bench.example"
TARGET = 3.0


def _keys(folder: Path) -> Any:
    import jwt
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP384R1())
    public = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key.public_key()))
    public.update(kid="bench-1", use="sig", alg="ES384")
    (folder / "jwks.json").write_text(json.dumps({"keys": [public]}), encoding="utf-8")
    return key


def _tokens(key: Any, aud: str, count: int) -> list[str]:
    import jwt

    now = int(time.time())
    return [
        jwt.encode(
            {"iss": ISSUER, "sub": "bench", "aud": aud, "iat": now, "exp": now + 600, "jti": str(uuid.uuid4())},
            key,
            algorithm="ES384",
            headers={"kid": "bench-1", "typ": "JWT"},
        )
        for _ in range(count)
    ]


def _prefetch() -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    from compiler.api import check_text
    from compiler.fhir import prefetch_templates
    from tests.fhir.builder import record

    vignettes = json.loads((ROOT / "docs/specification/vignettes.json").read_text(encoding="utf-8"))
    bundle, _ = record(next(v for v in vignettes if v["id"] == "p01"), datetime.now(UTC))
    program = check_text(GUIDELINE.read_text(encoding="utf-8"), str(GUIDELINE)).program
    kinds: dict[str, list[dict[str, Any]]] = {}
    for entry in bundle["entry"]:
        kinds.setdefault(entry["resource"]["resourceType"], []).append(entry["resource"])
    slot = {
        "observations": ["Observation"],
        "conditions": ["Condition"],
        "medications": ["MedicationRequest", "Medication"],
    }

    def searchset(types: list[str]) -> dict[str, Any]:
        return {
            "resourceType": "Bundle",
            "type": "searchset",
            "entry": [{"resource": r} for t in types for r in kinds.get(t, [])],
        }

    return {key: searchset(slot.get(key, [])) for key in prefetch_templates(program)}


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text(encoding="utf-8").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def _load(
    base: str, path: str, bodies: list[Any], tokens: list[str] | None, concurrency: int
) -> tuple[list[float], int, float]:
    """Each body sent once (a GET when bodies hold None), `concurrency` at a time: the latencies
    in ms, the number of answers other than 200, and the wall time in s."""
    import httpx

    latencies: list[float] = []
    errors = 0
    queue = list(range(len(bodies)))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:

        async def worker() -> None:
            nonlocal errors
            while queue:
                n = queue.pop()
                headers = {"Authorization": f"Bearer {tokens[n]}"} if tokens else {}
                started = time.perf_counter()
                if bodies[n] is None:
                    response = await client.get(path, headers=headers)
                else:
                    response = await client.post(path, json=bodies[n], headers=headers)
                latencies.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    errors += 1

        wall = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return latencies, errors, time.perf_counter() - wall


def _quantiles(latencies: list[float]) -> tuple[float, float, float]:
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return statistics.median(latencies), cuts[94], cuts[98]


def run(quick: bool = False) -> dict[str, Any]:
    calls = 100 if quick else 1000
    memory_calls = 1000 if quick else 10_000
    folder = Path(tempfile.mkdtemp(prefix="guideline-bench-service-"))
    key = _keys(folder)
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    (folder / "service.toml").write_text(
        "\n".join(
            [
                f'base_url = "{base}"',
                f"port = {port}",
                f'guidelines = ["{GUIDELINE}"]',
                f'feedback_database = "{folder / "feedback.sqlite3"}"',
                "[[trust]]",
                f'issuer = "{ISSUER}"',
                f'jwks = "{folder / "jwks.json"}"',
                "",
            ]
        ),
        encoding="utf-8",
    )
    prefetch = _prefetch()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from compiler.cli import main; raise SystemExit(main())",
            "serve",
            "--config",
            str(folder / "service.toml"),
        ],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    found: dict[str, Any] = {"calls": calls, "memory_calls": memory_calls, "rows": [], "memory": []}
    try:
        import httpx

        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(base + "/ready", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("guideline serve did not start")
            time.sleep(0.1)
        aud = f"{base}/cds-services/{SERVICE}"
        path = f"/cds-services/{SERVICE}"

        def body() -> dict[str, Any]:
            return {
                "hook": "patient-view",
                "hookInstance": str(uuid.uuid4()),
                "context": {"userId": "Practitioner/1", "patientId": "p01"},
                "prefetch": prefetch,
            }

        asyncio.run(_load(base, path, [body() for _ in range(50)], _tokens(key, aud, 50), 4))  # warm up
        for concurrency in (1, 16):
            trivial = asyncio.run(_load(base, "/health", [None] * calls, None, concurrency))
            bodies = [body() for _ in range(calls)]
            service = asyncio.run(_load(base, path, bodies, _tokens(key, aud, calls), concurrency))
            for name, (latencies, errors, wall) in (("GET /health (trivial)", trivial), ("patient-view", service)):
                p50, p95, p99 = _quantiles(latencies)
                found["rows"].append((name, concurrency, p50, p95, p99, len(latencies) / wall, errors))
        found["memory"].append((0, _rss_kib(server.pid)))
        step = memory_calls // 5
        errors = 0
        for done in range(step, memory_calls + 1, step):
            _, failed, _ = asyncio.run(_load(base, path, [body() for _ in range(step)], _tokens(key, aud, step), 16))
            errors += failed
            found["memory"].append((done, _rss_kib(server.pid)))
        found["memory_errors"] = errors
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    return found


def table(found: dict[str, Any]) -> str:
    lines = [
        "| endpoint | concurrency | p50 ms | p95 ms | p99 ms | calls/s | errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, concurrency, p50, p95, p99, rate, errors in found["rows"]:
        lines.append(f"| {name} | {concurrency} | {p50:.2f} | {p95:.2f} | {p99:.2f} | {rate:.0f} | {errors} |")
    trivial = {c: p95 for n, c, _, p95, *_ in found["rows"] if n.startswith("GET")}
    service = {c: p95 for n, c, _, p95, *_ in found["rows"] if n == "patient-view"}
    ratio = service[16] / trivial[16]
    lines += [
        "",
        f"p95 at concurrency 16: patient-view / trivial = {ratio:.1f}x (target: within {TARGET:.0f}x)"
        f" {'met' if ratio <= TARGET else 'NOT met'}.",
        "",
    ]
    lines += [
        f"Resident memory of the server over {found['memory_calls']:,} more patient-view calls at concurrency 16"
        f" ({found['memory_errors']} errors):",
        "",
        "| calls | RSS MiB |",
        "|---:|---:|",
    ]
    lines += [f"| {done:,} | {kib / 1024:.1f} |" for done, kib in found["memory"]]
    first, last = found["memory"][1][1], found["memory"][-1][1]
    lines += ["", f"From the first {found['memory'][1][0]:,} calls to the last: {(last - first) / 1024:+.1f} MiB."]
    return "\n".join(lines)


def section(quick: bool = False) -> tuple[str, str]:
    found = run(quick)
    return "CDS Hooks service", "\n".join(
        [
            f"`guideline serve` in its own process; {found['calls']:,} `patient-view` calls of the azathioprine"
            " guideline",
            "with the whole record prefetched (every call with a fresh ES384 JWT, checked in full: signature, `aud`,",
            "`exp`, `iat`, `jti`), then as many `GET /health` calls (no token, no body: the framework's floor),",
            "at concurrency 1 and 16. The client (httpx on asyncio) shares the machine's cores with the server.",
            "",
            table(found),
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    title, body = section(args.quick)
    print(f"## {title}\n\n{body}")


if __name__ == "__main__":
    main()

"""A real Spark standalone cluster on 127.0.0.1 for the tests: a master and one worker started
from pyspark's own `spark-class`, waited for until the worker registers, and stopped (their
process groups killed) afterwards."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

HOST = "127.0.0.1"
START_TIMEOUT = 60.0


def spark_home() -> str:
    import pyspark

    return os.path.dirname(os.path.abspath(pyspark.__file__))


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        SPARK_HOME=spark_home(),
        SPARK_LOCAL_IP=HOST,
        SPARK_LOCAL_HOSTNAME="localhost",
        PYSPARK_PYTHON=sys.executable,
        SPARK_NO_DAEMONIZE="1",
    )
    return env


def _start(arguments: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    handle = log.open("wb")
    try:
        return subprocess.Popen(
            [os.path.join(spark_home(), "bin", "spark-class"), *arguments],
            stdout=handle,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,  # its own process group: killed whole at the end
        )
    finally:
        handle.close()


def _stop(process: subprocess.Popen[bytes]) -> None:
    for sig, wait in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 10.0)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _alive_workers(webui: int) -> int:
    try:
        with urllib.request.urlopen(f"http://{HOST}:{webui}/json/", timeout=2) as response:
            state = json.loads(response.read().decode("utf-8"))
    except (OSError, ValueError):
        return 0
    return sum(1 for w in state.get("workers", []) if w.get("state") == "ALIVE")


@contextlib.contextmanager
def cluster(logs: Path) -> Iterator[str]:
    """The master's URL (`spark://127.0.0.1:PORT`) while a master and one worker (1 core, 1 GiB) run."""
    env = environment()
    port, webui, worker_port, worker_webui = free_port(), free_port(), free_port(), free_port()
    url = f"spark://{HOST}:{port}"
    processes: list[subprocess.Popen[bytes]] = []
    try:
        processes.append(
            _start(
                [
                    "org.apache.spark.deploy.master.Master",
                    "--host",
                    HOST,
                    "--port",
                    str(port),
                    "--webui-port",
                    str(webui),
                ],
                logs / "master.log",
                env,
            )
        )
        processes.append(
            _start(
                [
                    "org.apache.spark.deploy.worker.Worker", url, "--cores", "1", "--memory", "1g", "--host", HOST,
                    "--port", str(worker_port), "--webui-port", str(worker_webui), "--work-dir", str(logs / "work"),
                ],
                logs / "worker.log",
                env,
            )
        )  # fmt: skip
        deadline = time.monotonic() + START_TIMEOUT
        while _alive_workers(webui) < 1:
            for process in processes:
                if process.poll() is not None:
                    raise RuntimeError(f"a Spark process ended ({process.returncode}): see {logs}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the Spark worker did not register within {START_TIMEOUT:.0f} s: see {logs}")
            time.sleep(0.3)
        yield url
    finally:
        for process in reversed(processes):
            _stop(process)

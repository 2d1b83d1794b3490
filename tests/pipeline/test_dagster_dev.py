"""`dagster dev -w workspace.yaml` starts offline and its GraphQL endpoint lists the assets and checks."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
QUERY = "{ assetNodes { assetKey { path } assetChecksOrError { ... on AssetChecks { checks { name } } } } }"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _graphql(port: int) -> dict:
    req = urllib.request.Request(f"http://127.0.0.1:{port}/graphql", data=json.dumps({"query": QUERY}).encode(),
                                 headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=5) as resp:
        return json.loads(resp.read())


def test_dagster_dev_lists_assets_and_checks(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(REPO / "dagster.yaml", home / "dagster.yaml")
    env = {**os.environ, "DAGSTER_HOME": str(home), "DAGSTER_DISABLE_TELEMETRY": "1",
           "GONGKAI_STORAGE_ROOT": str(tmp_path / "data")}
    port = _free_port()
    dagster = Path(sys.executable).with_name("dagster")
    # dagster dev ignores SIGTERM when started from a script: give it a default SIGINT handler and use that.
    proc = subprocess.Popen(["env", "--default-signal=INT", str(dagster), "dev", "-w", "workspace.yaml",
                             "-h", "127.0.0.1", "-p", str(port)], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 110  # ~20 s on an idle 2-core machine
        data = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                data = _graphql(port)
                if data.get("data", {}).get("assetNodes"):
                    break
            except OSError:
                pass
            time.sleep(0.5)
        assert data and data.get("data"), proc.stderr.read().decode()[-2000:] if proc.poll() is not None else data
        nodes = {"/".join(n["assetKey"]["path"]): {c["name"] for c in n["assetChecksOrError"]["checks"]}
                 for n in data["data"]["assetNodes"]}
        assert set(nodes) == {"crawled_pages", "documents", "parsed_reports", "report", "fact_active",
                              "fact_application", "fact_review_litigation", "fact_narrative", "artifact",
                              "check_result"}
        assert nodes["check_result"] == {"report_consistency", "cross_year_consistency", "schema"}
        assert nodes["report"] == {"schema", "parse_errors"}
        assert nodes["parsed_reports"] == {"parse_failures"}
        assert "telemetry" in (home / "dagster.yaml").read_text()
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

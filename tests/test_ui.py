"""The Dagster UI, as a person sees it: the webserver's GraphQL API and a real (headless) browser.

Starts ``python -m dagster_webserver -m dagster_project`` on a free port of 127.0.0.1, asks GraphQL
for the asset graph (one connected component from the input files and reference tables to every
mart, a GX check on each stage table), then has Debian's ``chromium`` render the global asset
lineage: the DOM must show the asset names (not an error page), and the screenshot is kept at
``warehouse/ui/lineage.png`` (``docs/lineage.png``, shown in the README, is refreshed when it is
missing or with ``NEWS_UPDATE_DOCS=1``).

Chromium is installed by this test's set-up (``apt-get install chromium``) when it is missing and
the test runs as root; elsewhere the browser test skips with the reason.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import defaultdict
from pathlib import Path

import pytest

from dagster_project.defs.assets.raw import RAW_ASSETS
from dagster_project.defs.checks import VALIDATED_TABLES
from tests.conftest import REPO, _ensure_manifest

pytestmark = pytest.mark.ui

#: Groups drawn open in the screenshot: the inputs, the reference tables and the marts.
EXPANDED_GROUPS = ("ingestion", "reference", "marts")
INPUT_ASSETS = {"raw/articles", "raw/quarantined_files"}
GRAPH_QUERY = """{ assetNodes { assetKey { path } groupName dependencyKeys { path }
  assetChecksOrError { ... on AssetChecks { checks { name blocking } } } } }"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def graphql(base: str, query: str) -> dict:
    request = urllib.request.Request(f"{base}/graphql", data=json.dumps({"query": query}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = json.load(response)
    assert "errors" not in body, body["errors"]
    return body["data"]


@pytest.fixture(scope="module")
def webserver(tmp_path_factory):
    """Base URL of a Dagster webserver serving this code location (stopped after the module)."""
    _ensure_manifest()
    home = tmp_path_factory.mktemp("ui_home")
    shutil.copy(REPO / "dagster_home" / "dagster.yaml", home / "dagster.yaml")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(home / "webserver.log", "wb")  # noqa: SIM115 - closed below
    env = {**os.environ, "DAGSTER_HOME": str(home), "NEWS_WAREHOUSE": str(home / "news.duckdb")}
    proc = subprocess.Popen([sys.executable, "-m", "dagster_webserver", "-m", "dagster_project",
                             "-h", "127.0.0.1", "-p", str(port)],
                            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        while True:
            if proc.poll() is not None:
                pytest.fail(f"the webserver exited ({proc.returncode}): {(home / 'webserver.log').read_text()[-2000:]}")
            try:
                if graphql(base, "{ assetNodes { id } }")["assetNodes"]:
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError, AssertionError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the webserver did not serve the assets in 180 s: {(home / 'webserver.log').read_text()[-2000:]}")
            time.sleep(1)
        yield base
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def asset_graph(webserver) -> dict[str, dict]:
    nodes = graphql(webserver, GRAPH_QUERY)["assetNodes"]
    return {
        "/".join(n["assetKey"]["path"]): {
            "group": n["groupName"],
            "deps": {"/".join(d["path"]) for d in n["dependencyKeys"]},
            "checks": {c["name"]: c["blocking"] for c in (n["assetChecksOrError"] or {}).get("checks", [])},
        }
        for n in nodes
    }


def components(graph: dict[str, dict]) -> list[set[str]]:
    """Connected components of the asset graph, edges taken both ways."""
    neighbours = defaultdict(set)
    for key, node in graph.items():
        neighbours[key]
        for dep in node["deps"]:
            neighbours[key].add(dep)
            neighbours[dep].add(key)
    seen, out = set(), []
    for start in neighbours:
        if start in seen:
            continue
        comp, stack = set(), [start]
        while stack:
            key = stack.pop()
            if key not in comp:
                comp.add(key)
                stack.extend(neighbours[key] - comp)
        seen |= comp
        out.append(comp)
    return out


def downstream(graph: dict[str, dict], roots: set[str]) -> set[str]:
    children = defaultdict(set)
    for key, node in graph.items():
        for dep in node["deps"]:
            children[dep].add(key)
    reached, stack = set(), list(roots)
    while stack:
        key = stack.pop()
        for child in children[key] - reached:
            reached.add(child)
            stack.append(child)
    return reached


def test_graphql_one_connected_lineage_from_inputs_to_every_mart(asset_graph):
    comps = components(asset_graph)
    assert len(comps) == 1, [sorted(c) for c in comps]
    marts = {k for k in asset_graph if k.startswith("marts/")}
    seeds = {k for k in asset_graph if k.startswith("reference/")}
    assert {"marts/fct_tariffs", "marts/fct_talks", "marts/fct_sources", "marts/fct_amounts",
            "marts/dim_articles", "marts/fct_ingest_audit"} <= marts
    assert seeds >= {"reference/person_titles", "reference/currency_aliases", "reference/country_aliases"}
    # every mart comes from the input files; the quarantine reaches the audit mart
    assert marts <= downstream(asset_graph, {"raw/articles"})
    assert "marts/fct_ingest_audit" in downstream(asset_graph, {"raw/quarantined_files"})
    # every reference table feeds a mart (through the extraction assets or a dbt ref())
    for seed in seeds:
        assert downstream(asset_graph, {seed}) & marts, f"{seed} feeds no mart"
    assert "analytics_warehouse" in downstream(asset_graph, INPUT_ASSETS)


def test_graphql_every_stage_table_has_its_blocking_gx_check(asset_graph):
    for schema, table in [*VALIDATED_TABLES, *(("raw", t) for t in RAW_ASSETS)]:
        checks = asset_graph[f"{schema}/{table}"]["checks"]
        assert checks.get(f"gx_{schema}_{table}") is True, (schema, table, checks)
    # dbt's tests show as checks on the dbt assets too
    assert any(name.startswith("unique_") for name in asset_graph["marts/fct_tariffs"]["checks"])


# ------------------------------------------------------------------------------------- browser


def _chromium() -> str:
    """Path of Debian's chromium, installing it when missing and root; skips with the reason otherwise."""
    found = shutil.which("chromium")
    if found:
        return found
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip("chromium is not installed and cannot be installed here (needs root and apt-get): "
                    "apt-get install chromium")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            pytest.skip(f"could not install chromium ({' '.join(command)}): {done.stderr.strip()[-500:]}")
    return shutil.which("chromium") or pytest.skip("chromium still not found after apt-get install chromium")


def _browse(chromium: str, url: str, profile: Path, *, screenshot: Path | None = None) -> str:
    """Load ``url`` headless; returns the DOM (or writes a screenshot when ``screenshot`` is given)."""
    profile.mkdir(parents=True, exist_ok=True)
    command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
               f"--user-data-dir={profile}", "--window-size=1700,1500", "--virtual-time-budget=15000"]
    command += [f"--screenshot={screenshot}"] if screenshot else ["--dump-dom"]
    done = subprocess.run([*command, url], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def lineage_url(base: str) -> str:
    expanded = ",".join(f"global%40global%3A{group}" for group in EXPANDED_GROUPS)
    return f"{base}/asset-groups?expanded={expanded}"


def test_browser_renders_the_global_lineage_and_keeps_a_screenshot(webserver, asset_graph, tmp_path):
    chromium = _chromium()
    graphql(webserver, "mutation { setNuxSeen }")  # no first-visit pop-up over the graph
    url = lineage_url(webserver)

    dom = _browse(chromium, url, tmp_path / "profile-dom")
    assert "Global asset lineage" in dom
    assert "Something went wrong" not in dom and "PythonError" not in dom
    for group in {node["group"] for node in asset_graph.values()}:
        assert group in dom, f"group {group} not drawn"
    # the open groups draw their assets: inputs, reference tables and marts, by name
    for name in ["articles", "quarantined_files", "person_titles", "currency_aliases", "fct_tariffs",
                 "fct_ingest_audit", "dim_articles"]:
        assert f">{name}<" in dom, f"asset {name} not drawn"

    shot = REPO / "warehouse" / "ui" / "lineage.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    shot.unlink(missing_ok=True)
    _browse(chromium, url, tmp_path / "profile-shot", screenshot=shot)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000  # a drawn page, not a blank one
    docs = REPO / "docs" / "lineage.png"
    if not docs.exists() or os.environ.get("NEWS_UPDATE_DOCS") == "1":
        docs.parent.mkdir(exist_ok=True)
        shutil.copy(shot, docs)

"""The benchmarks keep working: valid synthetic data, and a small run of the site benchmark."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from benchmarks import synthetic
from benchmarks.synthetic import write_project
from generator.records.project import load_project
from tests.helpers import REPO, run_timeline

SMOKE_EVENTS = 20


def test_synthetic_project_is_valid(tmp_path: Path) -> None:
    write_project(tmp_path, 200)
    result = run_timeline("-C", str(tmp_path), "validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""  # not even a warning
    assert len(list((tmp_path / "events").rglob("*.yaml"))) == 200
    dataset, _ = load_project(tmp_path)
    # topic records for some tags, not all; periods in order, the last still going on
    assert 0 < len(dataset.topics) < len(dataset.events_by_tag)
    assert all(dataset.topic_name(t) == dataset.topics[t].name for t in dataset.topics)
    assert [p.id for p in dataset.periods] == list(synthetic._PERIODS)
    assert [p.end is None for p in dataset.periods] == [False, False, True]
    first = dataset.events[0].date.earliest
    assert dataset.periods[0].first_day > first  # time before the first period


def test_synthetic_project_is_deterministic(tmp_path: Path) -> None:
    write_project(tmp_path / "a", 30, seed=7)
    write_project(tmp_path / "b", 30, seed=7)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.yaml"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.yaml"))
    assert files_a == files_b
    for name in files_a:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_the_site_benchmark_runs_and_reports_every_figure(tmp_path: Path) -> None:
    """benchmarks/site_benchmark.py at 20 events, once: its outputs, not its times.

    The size tests the script, not the machine: every figure and stage it reports,
    the rebuild after one added event and the first search in Chromium."""
    results = tmp_path / "results.json"
    command = [
        sys.executable,
        str(REPO / "benchmarks" / "site_benchmark.py"),
        str(SMOKE_EVENTS),
        "--runs",
        "1",
        "--out",
        str(tmp_path / "out"),
        "--json",
        str(results),
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    rows = ("| full / plain |", "| cold / plain |", "| rebuild after nothing changed |")
    for row in (*rows, "| full build's CPU time on the cores it has / plain's wall time |"):
        assert row in run.stdout, row
    [result] = json.loads(results.read_text())
    assert result["events"] == SMOKE_EVENTS
    for figures in ("ours_s", "cold_s", "plain_s", "ours_peak_mib", "cold_peak_mib", "ours_cpu_s"):
        assert result[figures] and all(value > 0 for value in result[figures]), figures
    # the CPU time counts the whole tree: MkDocs' processes and Pagefind are descendants
    assert result["ours_cpu_s"][0] > result["ours_stages"][0]["mkdocs"] * 0.5
    assert result["plain_cpu_s"][0] > 0 and result["cold_cpu_s"][0] > 0
    assert result["ours_stages"][0]["mkdocs"] > 0 and result["cold_stages"][0]["load"] > 0
    rebuilds = result["rebuilds"]
    assert list(rebuilds) == [
        "nothing changed",
        "one new event",
        "one edited event",
        "one entity renamed",
    ]
    assert rebuilds["nothing changed"]["up_to_date"]  # the build said it did nothing
    for name in ("one new event", "one edited event", "one entity renamed"):
        assert not rebuilds[name]["up_to_date"] and rebuilds[name]["stages"]["mkdocs"] > 0, name
    kinds = result["ours_by_kind"]
    assert sum(kinds.values()) == result["ours_bytes"] > result["plain_bytes"] > 0
    for kind in ("event pages", "search index (pagefind/)", "feeds (*.xml)"):
        assert kinds[kind] > 0, kind
    assert result["plain_search_index_bytes"] > 0  # Material's one index, in the baseline
    assert result["load_max"] >= result["load_mean"] >= 0
    assert result["search"], "the first search was not measured"
    for search in result["search"]:
        assert search["results"] > 0 and 0 < search["bytes"] < 1_000_000, search
    site = tmp_path / "out" / f"n{SMOKE_EVENTS}" / "project" / "site"
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert (site / "data" / "filter-index.json").is_file()
    assert (site / "events" / "2025-12-31-benchmark-added-event" / "index.html").is_file()


def test_the_hostile_scale_benchmark_runs_and_reports_every_case(tmp_path: Path) -> None:
    """benchmarks/hostile_scale.py at a small size, once: its outputs, not its times."""
    results = tmp_path / "results.json"
    command = [sys.executable, str(REPO / "benchmarks" / "hostile_scale.py")]
    command += ["--size", "20", "--runs", "1", "--json", str(results)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    rows = [line for line in run.stdout.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) == 5, run.stdout  # the header and one row per case
    by_case = {result["case"]: result for result in json.loads(results.read_text())}
    cases = ["unknown-actors", "unknown-related", "longest-lists", "ten-thousand-tags"]
    assert list(by_case) == cases
    for result in by_case.values():
        assert result["n"]["seconds"] > 0 and result["2n"]["seconds"] > 0
        assert result["2n"]["events"] == 2 * result["n"]["events"]
    # every unknown id is reported, every record with 10,000 tags refused
    assert by_case["unknown-actors"]["2n"]["errors"] == 5 * 40
    assert by_case["unknown-related"]["2n"]["errors"] == 40
    assert by_case["ten-thousand-tags"]["2n"]["errors"] == 4
    lists = by_case["longest-lists"]
    assert lists["n"]["errors"] == 0 and 0 < lists["n"]["bytes"] < lists["2n"]["bytes"]


def test_synthetic_projects_copy_only_the_hand_written_site_sources(tmp_path: Path) -> None:
    """A repository that has been built holds generated pages; a synthetic project gets none."""
    repo = tmp_path / "repo"
    docs = repo / "site_src"
    for name in ("about.md", "assets/extra.css", "overrides/main.html", "_includes/home.md"):
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text("hand-written\n")
    generated = ["index.md", "feed.xml", ".generated", ".tmp-x1", "events/2025-01-01-seed.md"]
    generated += ["actors/seed-actor.md", "tags/seed-tag.md", "timeline/index.md", "data/a.md"]
    generated += ["places/p.md"]
    for name in generated:
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text("generated\n")
    (repo / "mkdocs.yml").write_text("site_name: x\n")
    # as the repository's .gitignore writes them: anchored
    (repo / ".gitignore").write_text("/site_src/events/\n/site_src/index.md\n")
    project = tmp_path / "project"
    project.mkdir()
    synthetic.copy_site_sources(project, repo)
    docs_copy = project / "site_src"
    copied = sorted(p.relative_to(docs_copy).as_posix() for p in docs_copy.rglob("*.*"))
    assert copied == ["_includes/home.md", "about.md", "assets/extra.css", "overrides/main.html"]
    assert (project / "mkdocs.yml").is_file()


def test_every_generated_folder_is_git_ignored() -> None:
    """synthetic.py leaves out GENERATED_ROOTS; git must ignore exactly those."""
    # a file inside each generated folder, or the generated file itself
    paths = [
        f"site_src/{name}" if "." in name else f"site_src/{name}/page.md"
        for name in synthetic.generated_names()
    ]
    run = subprocess.run(
        ["git", "check-ignore", "--no-index", *paths],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert sorted(run.stdout.split()) == sorted(paths), run.stdout + run.stderr


def test_the_serve_reload_benchmark_runs_and_reports_every_figure(tmp_path: Path) -> None:
    """benchmarks/serve_reload.py on a copy of the repository's records, two edits: its
    outputs, not its times. (Its copy is synthetic.copy_site_sources, tested above.) With a
    pause of 3 s, the second save finds serve's background build (started 2 s after the
    first) running, and stops it."""
    results = tmp_path / "serve.json"
    command = [sys.executable, str(REPO / "benchmarks" / "serve_reload.py"), "--sizes", "0"]
    command += ["--edits", "2", "--pause", "3", "--json", str(results)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    [result] = json.loads(results.read_text())
    assert result["size"] == "seed" and result["events"] > 0
    assert len(result["reload_all_s"]) == 2 and all(t > 0 for t in result["reload_all_s"])
    assert result["full_build_s"] > 0 and result["stop_after_ctrl_c_s"] >= 0
    assert result["pause_between_edits_s"] == 3

"""`timeline export`, run as a user runs it, on the test records and on the repository's own."""

from __future__ import annotations

import csv
import io
import json
import os

import feedparser
import icalendar
import jsonschema
import pytest

from generator.exports import json_export
from generator.settings import SiteConfig
from tests.helpers import GOLDEN, golden_project, run_timeline

FIXTURE = GOLDEN / "exports" / "awkward"
EPOCH = {"SOURCE_DATE_EPOCH": "1756729800"}  # 2025-09-01T12:30:00Z
FORMATS = ("json", "csv", "ics", "atom", "timelinejs")


def read_back(fmt: str, data: bytes) -> int:
    """Parse an export with a real parser; return how many events it holds."""
    if fmt == "json":
        payload = json.loads(data)
        jsonschema.validate(payload, json_export.events_json_schema(SiteConfig()))
        return len(payload["events"])
    if fmt == "csv":
        return len(list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))))
    if fmt == "ics":
        return len(icalendar.Calendar.from_ical(data).walk("VEVENT"))
    if fmt == "atom":
        feed = feedparser.parse(data)
        assert not feed.bozo, feed.get("bozo_exception")
        return len(feed.entries)
    payload = json.loads(data)
    assert all("year" in slide["start_date"] for slide in payload["events"])
    return len(payload["events"])


FIXTURE_COUNTS = {"json": 9, "csv": 9, "ics": 6, "atom": 9, "timelinejs": 9}


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_to_stdout(fmt):
    result = run_timeline("-C", str(FIXTURE), "export", "--format", fmt, env=EPOCH)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert read_back(fmt, result.stdout.encode("utf-8")) == FIXTURE_COUNTS[fmt]


# what `export --format` writes is the file the site publishes at that path
GOLDEN_FILES = {
    "json": "data/events.json",
    "csv": "data/events.csv",
    "ics": "data/events.ics",
    "atom": "feed.xml",
    "timelinejs": "data/timelinejs.json",
}


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_to_a_file_is_the_golden_file(fmt, tmp_path):
    out = tmp_path / f"export.{fmt}"
    result = run_timeline("-C", str(FIXTURE), "export", "--format", fmt, "-o", str(out), env=EPOCH)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == (FIXTURE / "expected" / GOLDEN_FILES[fmt]).read_bytes()


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_of_the_repository_records(fmt, tmp_path):
    out = tmp_path / f"export.{fmt}"
    result = run_timeline("export", "--format", fmt, "-o", str(out), env=EPOCH)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert read_back(fmt, out.read_bytes()) > 0


def test_export_to_a_file_is_byte_identical_across_runs(tmp_path):
    os.umask(current := os.umask(0o022))
    assert current == 0o022, "the test expects the usual umask"
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    for out in (first, second):
        result = run_timeline(
            "-C", str(FIXTURE), "export", "--format", "ics", "-o", str(out), env=EPOCH
        )
        assert result.returncode == 0, result.stderr
    assert first.read_bytes() == second.read_bytes()
    assert b"DTSTAMP:20250901T123000Z\r\n" in first.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.ics", "b.ics"]  # no temporary file
    assert first.stat().st_mode & 0o777 == 0o644  # not the private mode of a temporary file


def test_export_refuses_invalid_records_and_writes_nothing(tmp_path):
    project = tmp_path / "project"
    golden_project(FIXTURE, project)
    (project / "events" / "2025" / "2025-09-01-broken.yaml").write_text(
        'title: Broken\ndate: "2025-02-30"\nsummary: x\nsources: []\n', encoding="utf-8"
    )
    out = tmp_path / "events.json"
    out.write_text("previous export\n", encoding="utf-8")
    result = run_timeline("-C", str(project), "export", "--format", "json", "-o", str(out))
    assert result.returncode == 1
    assert result.stdout == ""
    assert "events/2025/2025-09-01-broken.yaml:2:7: error:" in result.stderr
    assert "export refused" in result.stderr
    assert out.read_text(encoding="utf-8") == "previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.json", "project"]


def test_export_needs_a_known_format():
    result = run_timeline("-C", str(FIXTURE), "export", "--format", "xml")
    assert result.returncode == 2
    assert "invalid choice: 'xml'" in result.stderr


def test_export_into_a_missing_folder_is_a_clean_error(tmp_path):
    out = tmp_path / "missing" / "events.csv"
    result = run_timeline("-C", str(FIXTURE), "export", "--format", "csv", "-o", str(out))
    assert result.returncode == 1
    assert result.stderr.startswith(f"timeline: error: cannot write {out}:")
    assert "Traceback" not in result.stderr


def test_export_refuses_a_malformed_source_date_epoch():
    result = run_timeline(
        "-C", str(FIXTURE), "export", "--format", "json", env={"SOURCE_DATE_EPOCH": "soon"}
    )
    assert result.returncode == 1
    assert "SOURCE_DATE_EPOCH is 'soon'" in result.stderr

"""`timeline new topic` and `timeline new period`, run as a maintainer runs them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.records import schema
from tests.helpers import run_timeline

EVENT = (
    'title: Talks\ndate: "2025-03-04"\nsummary: They met.\ntags: [border-security]\n'
    "sources:\n  - url: https://example.org/a\n    publisher: Example\n    title: A\n"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """One event tagged border-security, and a declared period."""
    (tmp_path / "events/2025").mkdir(parents=True)
    (tmp_path / "events/2025/2025-03-04-talks.yaml").write_text(EVENT)
    (tmp_path / "entities/periods").mkdir(parents=True)
    (tmp_path / "entities/periods/first-term.yaml").write_text(
        'name: First term\nstart: "2017-01-20"\nend: "2021-01-20"\n'
    )
    return tmp_path


def new(project: Path, *args: str):
    return run_timeline("-C", str(project), "new", *args)


def validate(project: Path) -> list[dict]:
    """What `timeline validate` says about the topic and period records."""
    result = run_timeline("-C", str(project), "validate", "--format", "json")
    assert result.returncode == 0, result.stdout
    found = json.loads(result.stdout)["diagnostics"]
    return [d for d in found if d["path"].startswith("entities/")]


def check_against_schema(file: Path, record: str) -> None:
    jsonschema.validate(yaml.safe_load(file.read_text()), schema.json_schema(record))


# ---------------------------------------------------------------- topics


def test_new_topic_is_valid_as_written(project):
    result = new(project, "topic", "Border security")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "entities/topics/border-security.yaml\n"
    assert result.stderr == ""  # an event has the tag: nothing to say
    file = project / "entities/topics/border-security.yaml"
    text = file.read_text()
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../../schema/topic.schema.json"
    assert "\nname: Border security\n" in text
    for field in schema.TOPIC.fields.values():  # every field explained in the schema's words
        assert f"{field.name}:" in text and field.description in text.replace("\n# ", " ")
    assert validate(project) == []
    check_against_schema(file, "topic")
    # the name shows on the topic's page once built: read back as the loader reads it
    assert yaml.safe_load(text) == {"name": "Border security"}


def test_a_topic_no_event_uses_is_written_with_a_note(project):
    result = new(project, "topic", "Border", "--slug", "border-securty")
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        "note: no event has the tag 'border-securty' yet, so the topic is not shown until one "
        "does; did you mean 'border-security'? the file name is the tag it describes\n"
    )
    [warning] = validate(project)
    assert warning["code"] == "unused-topic"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["   "], "'name' is empty; write it in quotes after the command"),
        (["Border", "--slug", "Border_Security"], "--slug 'Border_Security' must be at most"),
        (["Index"], "'index' is the name of the page that lists every topic (/tags/)"),
        (["!!!"], "the name '!!!' has no letters or digits that can make a file name"),
    ],
)
def test_bad_topic_arguments_exit_1_and_write_nothing(project, args, message):
    result = new(project, "topic", *args)
    assert result.returncode == 1
    assert result.stderr.startswith(f"timeline: error: {message}")
    assert "Traceback" not in result.stderr
    assert not (project / "entities/topics").exists()


def test_new_topic_never_overwrites(project):
    assert new(project, "topic", "Border security").returncode == 0
    file = project / "entities/topics/border-security.yaml"
    file.write_text("name: Mine\n")
    result = new(project, "topic", "Border security")
    assert result.returncode == 1
    assert "entities/topics/border-security.yaml already exists" in result.stderr
    assert file.read_text() == "name: Mine\n"


# ---------------------------------------------------------------- periods


def test_new_period_is_valid_as_written(project):
    result = new(project, "period", "Second term", "--start", "2025-01-20")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "entities/periods/second-term.yaml\n"
    file = project / "entities/periods/second-term.yaml"
    text = file.read_text()
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../../schema/period.schema.json"
    assert yaml.safe_load(text) == {"name": "Second term", "start": "2025-01-20"}  # ongoing
    for field in schema.PERIOD.fields.values():
        assert f"{field.name}:" in text and field.description in text.replace("\n# ", " ")
    assert validate(project) == []
    check_against_schema(file, "period")


def test_new_period_with_an_end(project):
    result = new(project, "period", "Transition", "--start", "2024-11", "--end", "2025-01")
    assert result.returncode == 0, result.stderr
    file = project / "entities/periods/transition.yaml"
    assert yaml.safe_load(file.read_text()) == {
        "name": "Transition",
        "start": "2024-11",
        "end": "2025-01",
    }
    assert validate(project) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["Before", "--start", "2024-05", "--end", "2024-02"],
            "--end 2024-02 is before --start 2024-05; a period ends after it starts",
        ),
        (["Bad", "--start", "2024-13"], "--start '2024-13': there is no month 13"),
        (["Bad", "--start", "2024-05~"], "--start '2024-05~': a period starts and ends on a"),
        (
            ["Overlap", "--start", "2020"],
            "the period overlaps 'first-term' (2017-01-20 to 2021-01-20, "
            "entities/periods/first-term.yaml); periods are bands on one row of the time axis",
        ),
        (
            ["Before it", "--start", "2010", "--end", "2017-01-20"],
            "the period overlaps 'first-term'",
        ),
        (["First term", "--start", "2030"], "entities/periods/first-term.yaml already exists"),
    ],
)
def test_bad_periods_exit_1_and_write_nothing(project, args, message):
    before = sorted(p.name for p in (project / "entities/periods").iterdir())
    result = new(project, "period", *args)
    assert result.returncode == 1
    assert result.stderr.startswith(f"timeline: error: {message}"), result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in (project / "entities/periods").iterdir()) == before


def test_a_period_right_after_another_is_accepted(project):
    result = new(project, "period", "Between terms", "--start", "2021-01-21", "--end", "2024")
    assert result.returncode == 0, result.stderr
    assert validate(project) == []


def test_new_period_needs_a_start(project):
    result = new(project, "period", "Someday")
    assert result.returncode == 2
    assert "--start" in result.stderr

"""/data/schema.json describes the record fields in the words and types of their declarations.

The schema of events.json is generated: each field a record declares
(generator/records/schema.py) appears with the declaration's description and
JSON Schema type, null where a record may leave it out; the export adds only
what it writes besides (ids, addresses, the date object, relations both ways).
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime

import jsonschema
import pytest

from generator.exports import json_export
from generator.records import schema
from generator.records.model import Dataset
from generator.records.project import load_project
from generator.settings import SiteConfig
from tests.helpers import REPO, run_timeline

CONFIG = SiteConfig()
BUILD_TIME = datetime(2025, 1, 1, tzinfo=UTC)
# the file as the build writes it: the schema does not depend on the records
PUBLISHED = json.loads(json_export.schema_json(Dataset([], []), CONFIG, BUILD_TIME))
EVENT = PUBLISHED["properties"]["events"]["items"]
ENTITY = PUBLISHED["properties"]["entities"]["items"]


def _plain(field_schema: dict) -> tuple[str, dict]:
    """A published field: its description, and its type without the null alternative."""
    if "anyOf" in field_schema:
        inner, null = field_schema["anyOf"]
        assert null == {"type": "null"}
        return field_schema["description"], dict(inner)
    rest = {k: v for k, v in field_schema.items() if k != "description"}
    return field_schema["description"], rest


OWN = {"event": {"date", "related"}}  # fields the export writes in a shape of its own


def _records_in_lists(published: dict, record: schema.Record) -> list[tuple[dict, schema.Record]]:
    """(published object, declaration) for a record and the records its lists hold."""
    pairs = [(published, record)]
    for name, declared in record.fields.items():
        if name in OWN.get(record.name, ()):
            continue
        if isinstance(declared.type, schema.ListOf) and isinstance(
            declared.type.item, schema.Record
        ):
            items = published["properties"][name]["items"]
            pairs += _records_in_lists(items, declared.type.item)
    return pairs


PAIRS = _records_in_lists(EVENT, schema.EVENT) + _records_in_lists(ENTITY, schema.ENTITY)


@pytest.mark.parametrize(("published", "record"), PAIRS, ids=[r.name for _, r in PAIRS])
def test_every_declared_field_is_published_as_declared(published: dict, record) -> None:
    properties = published["properties"]
    assert set(record.fields) <= set(properties)
    assert published["required"] == sorted(properties)  # every key is always present
    assert published["additionalProperties"] is False
    for name, declared in record.fields.items():
        if name in OWN.get(record.name, ()):
            continue
        description, published_type = _plain(properties[name])
        nullable = "anyOf" in properties[name]
        assert description == declared.description + (" Null if not given." if nullable else "")
        expected = declared.type.json_schema()
        if isinstance(declared.type, schema.ListOf):
            expected.pop("items")
            published_type = {k: v for k, v in published_type.items() if k != "items"}
        published_type.pop("format", None)  # what JSON Schema calls a day and a web address
        assert published_type == expected, f"{record.name}.{name}"


def test_what_may_be_left_out_is_null_and_a_list_is_never_null() -> None:
    event = EVENT["properties"]
    nullable = {name for name, field in event.items() if "anyOf" in field}
    # and the dates of the history, which a build without it does not know
    assert nullable == {"time", "body", "added", "changed"}
    source = event["sources"]["items"]["properties"]
    assert {n for n, f in source.items() if "anyOf" in f} == {
        "id",
        "title",
        "published",
        "archive_url",
    }
    assert source["published"]["anyOf"][0]["format"] == "date"
    assert source["url"]["format"] == "uri"
    assert event["status"]["enum"] == ["confirmed", "reported", "disputed", "retracted"]


def test_the_two_versions_are_each_stated_once() -> None:
    assert PUBLISHED["properties"]["schema_version"]["const"] == json_export.EVENTS_JSON_VERSION
    result = run_timeline("schema", "--record", "event")
    assert result.returncode == 0, result.stderr
    record_schema = json.loads(result.stdout)
    assert record_schema["$comment"] == (
        f"Timeline record format, version {schema.RECORD_FORMAT_VERSION}"
    )


def test_events_json_holds_what_its_schema_allows_and_no_more() -> None:
    """The limits of the record format are in the published schema too."""
    dataset, _ = load_project(REPO)
    data = json.loads(json_export.events_json(dataset, CONFIG, BUILD_TIME))
    validator = jsonschema.Draft202012Validator(PUBLISHED)
    assert list(validator.iter_errors(data)) == []
    for change in (
        lambda d: d["events"][0].update(title="x" * 201),
        lambda d: d["events"][0].update(tags=["index"]),
        lambda d: d["events"][0]["sources"][0].update(url="javascript:alert(1)"),
        lambda d: d["entities"][0].update(aliases=["A", "A"]),
    ):
        changed = copy.deepcopy(data)
        change(changed)
        assert not validator.is_valid(changed)

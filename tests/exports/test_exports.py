"""Every export read back with a real parser for its format.

The records of the golden case tests/golden/exports/awkward/ hold the awkward cases on purpose:
a title that looks like a spreadsheet formula, titles and names with & < >,
a summary with commas, semicolons, quotes, newlines and a </script>, a long
multibyte title, month- and year-precision dates, a span, an ongoing span,
an approximate day and a span that ends in a month.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from datetime import UTC, date, datetime
from html.parser import HTMLParser

import feedparser
import icalendar
import jsonschema
import pytest

from generator import exports
from generator.diagnostics import UserError, has_errors
from generator.exports import atom, csv_export, ics_export, json_export, json_stream, timelinejs
from generator.exports.jsonld import event_jsonld
from generator.records.dates import parse_date
from generator.records.model import Dataset
from generator.records.plain_text import plain_text
from generator.records.project import load_project
from generator.render.datapage import data_page
from generator.settings import SiteConfig, read_site_config
from tests.helpers import GOLDEN, check_golden

FIXTURE = GOLDEN / "exports" / "awkward"
BUILD_TIME = datetime(2025, 9, 1, 12, 30, tzinfo=UTC)
SITE = "https://example.org/tracker/"
FORMULA_TITLE = '=HYPERLINK("http://x")'
MARKUP_TITLE = "Tom & Jerry <b>bold</b> > all </script>"
MARKUP_SUMMARY = (
    'She said, "no; never" — and then, on a new line;\nshe left.\n\n'
    "A second paragraph with *emphasis*, a [link](https://example.com/x) and "
    "</script><script>alert(1)</script>."
)
# events whose every end is a known day: the ones a calendar can hold
DAY_EVENTS = {
    "2025-01-05-formula-title",
    "2025-02-10-markup-title",
    "2025-03-20-long-title",
    "2025-04-01-span",
    "2025-05-01-ongoing",
    "2025-06-15-approximate",
}
LEFT_OUT = {"2024-budget-year", "2025-03-month-precision", "2025-07-01-to-august"}


@pytest.fixture(scope="module")
def project() -> tuple[Dataset, SiteConfig]:
    dataset, diagnostics = load_project(FIXTURE)
    assert not has_errors(diagnostics), diagnostics
    return dataset, read_site_config(FIXTURE)


def event_url(event_id: str) -> str:
    return f"{SITE}events/{event_id}/"


# --- every file, byte for byte ---


def test_every_export_file_matches_its_golden(project, update_goldens):
    """events.json, schema.json, events.csv, events.ics, timelinejs.json, filter-index.json
    and every Atom feed, as the site publishes them (tests/golden/exports/awkward/expected/);
    `pytest --update-goldens` rewrites them and a reviewer reads the diff."""
    files = exports.site_files(*project, BUILD_TIME)
    assert {"data/schema.json", "data/events.ics", "feed.xml"} <= set(files)
    check_golden(FIXTURE / "expected", files, update_goldens)


def test_the_large_downloads_are_made_in_pieces_of_the_same_bytes(project):
    """events.json, events.csv, events.ics and timelinejs.json are written piece by piece
    (one event at a time), so that a build never holds one whole: the pieces make the
    bytes of the whole text, which the golden files above hold."""
    dataset, config = project
    events = len(dataset.events)
    for path, pieces in exports.STREAMED.items():
        made = list(pieces(dataset, config, BUILD_TIME))
        whole = "".join(made)
        assert whole.encode("utf-8") == exports.site_files(dataset, config, BUILD_TIME)[path]
        if path.endswith(".json"):
            # one piece per event and per entity at least: never one document in memory
            assert len(made) > events, path
            assert json_export.dump_json(json.loads(whole)) == whole, path
        else:
            assert len(made) >= 2, path
    assert "".join(csv_export.events_csv_chunks(dataset, config, BUILD_TIME)) == (
        csv_export.events_csv(dataset, config, BUILD_TIME)
    )


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"b": 1, "a": [1.5, None, "é"]},
        {"z": json_stream.Lazy(iter([])), "a": {"y": 1, "x": [2]}},
    ],
)
def test_json_in_pieces_is_dump_json(payload):
    whole = "".join(json_stream.dump_json_chunks(payload))
    plain = {k: list(v.items) if isinstance(v, json_stream.Lazy) else v for k, v in payload.items()}
    assert whole == json_export.dump_json(plain)


# --- events.json and schema.json ---


def test_events_json_is_valid_against_its_schema(project):
    dataset, config = project
    data = json.loads(json_export.events_json(dataset, config, BUILD_TIME))
    schema = json.loads(json_export.schema_json(dataset, config, BUILD_TIME))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []
    assert schema["$id"] == f"{SITE}data/schema.json"
    assert data["schema_version"] == 1
    assert data["generated"] == "2025-09-01T12:30:00Z"
    assert data["site"] == {"name": "Tracker & <Friends>", "url": SITE}
    assert [e["id"] for e in data["events"]] == [e.id for e in dataset.events]
    assert len(data["entities"]) == 5


def test_events_json_dates_links_and_text(project):
    dataset, config = project
    data = json.loads(json_export.events_json(dataset, config, BUILD_TIME))
    events = {e["id"]: e for e in data["events"]}
    month = events["2025-03-month-precision"]["date"]
    assert month == {
        "edtf": "2025-03",
        "display": "March 2025",
        "earliest": "2025-03-01",
        "latest": "2025-03-31",
        "precision": "month",
        "approximate": False,
        "uncertain": False,
        "ongoing": False,
    }
    assert events["2025-05-01-ongoing"]["date"]["latest"] is None
    assert events["2025-05-01-ongoing"]["date"]["ongoing"] is True
    assert events["2025-06-15-approximate"]["date"]["approximate"] is True
    markup = events["2025-02-10-markup-title"]
    assert markup["title"] == MARKUP_TITLE
    assert markup["summary"] == MARKUP_SUMMARY
    assert markup["url"] == event_url("2025-02-10-markup-title")
    assert markup["record"] == "events/2025/2025-02-10-markup-title.yaml"
    assert markup["related"] == [
        {
            "event": "2025-01-05-formula-title",
            "type": "responds-to",
            "label": "Responds to",
            "direction": "outgoing",
        }
    ]
    assert events["2025-01-05-formula-title"]["related"] == [
        {
            "event": "2025-02-10-markup-title",
            "type": "responds-to",
            "label": "Responded to by",
            "direction": "incoming",
        }
    ]
    entities = {e["id"]: e for e in data["entities"]}
    assert entities["springfield"]["url"] == f"{SITE}places/springfield/"
    assert entities["springfield"]["feed"] is None
    assert entities["ana-perez"]["feed"] == f"{SITE}actors/ana-perez/feed.xml"
    assert entities["unused-person"]["events"] == []
    assert entities["unused-person"]["feed"] is None
    tags = {t["id"]: t for t in data["tags"]}
    assert tags["budget"]["events"] == ["2024-budget-year", "2025-02-10-markup-title"]


def test_schema_refuses_unknown_fields(project):
    dataset, config = project
    data = json.loads(json_export.events_json(dataset, config, BUILD_TIME))
    data["events"][0]["colour"] = "red"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json_export.events_json_schema(config))


def test_json_has_no_nan_and_is_deterministic(project):
    dataset, config = project
    text = json_export.events_json(dataset, config, BUILD_TIME)

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} in JSON")

    json.loads(text, parse_constant=refuse)
    assert text == json_export.events_json(dataset, config, BUILD_TIME)


# --- events.csv ---


def read_csv(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    data = text.encode("utf-8")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_reads_back_with_dictreader(project):
    dataset, config = project
    text = csv_export.events_csv(dataset, config, BUILD_TIME)
    rows = read_csv(text)
    assert len(rows) == len(dataset.events) == 9
    assert list(rows[0]) == list(csv_export.COLUMNS)
    assert "\r\n" in text
    by_id = {row["id"]: row for row in rows}
    markup = by_id["2025-02-10-markup-title"]
    assert markup["title"] == MARKUP_TITLE
    assert markup["summary"] == MARKUP_SUMMARY  # commas, quotes, newlines round-trip
    assert markup["actors"] == "ana-perez; acme-corp; freedonia"
    assert markup["source_publishers"] == "Example & Co"
    assert markup["related"] == "Responds to: 2025-01-05-formula-title"
    assert by_id["2025-05-01-ongoing"]["latest"] == ""
    assert by_id["2024-budget-year"]["precision"] == "year"


def test_csv_neutralises_formulas(project):
    dataset, config = project
    row = {r["id"]: r for r in read_csv(csv_export.events_csv(dataset, config, BUILD_TIME))}[
        "2025-01-05-formula-title"
    ]
    assert row["title"] == "'" + FORMULA_TITLE
    assert row["summary"] == "'+1 for formulas; -1 for spreadsheets, @ everyone"
    assert row["source_publishers"] == "'@Publisher"
    assert row["date"] == "2025-01-05"  # dates are not formulas


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_neutralise_every_formula_start(start):
    assert csv_export.neutralise(start + "1") == "'" + start + "1"
    assert csv_export.neutralise("a" + start) == "a" + start


# --- events.ics ---


def test_ics_holds_one_vevent_per_day_precision_event(project):
    dataset, config = project
    text = ics_export.events_ics(dataset, config, BUILD_TIME)
    calendar = icalendar.Calendar.from_ical(text)
    events = calendar.walk("VEVENT")
    uids = {str(e["UID"]) for e in events}
    assert uids == {f"{i}@example.org/tracker" for i in DAY_EVENTS}
    assert not any(i in text for i in LEFT_OUT)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"])
    assert str(calendar["X-WR-CALNAME"]) == "Tracker & <Friends>"
    for event in events:
        assert event["DTSTAMP"].dt == BUILD_TIME


def test_ics_lines_are_folded_at_75_octets(project):
    dataset, config = project
    data = ics_export.events_ics(dataset, config, BUILD_TIME).encode("utf-8")
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert any(line.startswith(b" ") for line in lines)  # the long title did fold
    for line in lines:
        line.decode("utf-8")  # never folded inside a multibyte character


def test_ics_escapes_text_and_dates(project):
    dataset, config = project
    text = ics_export.events_ics(dataset, config, BUILD_TIME)
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY:Tom & Jerry <b>bold</b> > all </script>" in unfolded
    assert 'She said\\, "no\\; never"' in unfolded
    assert 'X-WR-CALDESC:A test timeline\\, with "quotes"\\, commas\\, and\\; semicolons' in text
    assert "new line\\; she left." in unfolded  # the line break inside a paragraph joins
    assert "\\n\\nA second paragraph" in unfolded
    vevents = icalendar.Calendar.from_ical(text).walk("VEVENT")
    events = {str(e["UID"]).split("@")[0]: e for e in vevents}
    markup = events["2025-02-10-markup-title"]
    assert str(markup["SUMMARY"]) == MARKUP_TITLE
    description = str(markup["DESCRIPTION"])
    assert description.startswith("10 February 2025, 14:30 (local time)\n\nStatus: confirmed\n\n")
    assert 'She said, "no; never" — and then, on a new line; she left.' in description
    assert "</script><script>alert(1)</script>" in description  # text, as typed
    assert description.endswith(event_url("2025-02-10-markup-title"))
    assert str(markup["STATUS"]) == "CONFIRMED"
    assert [str(c) for c in markup["CATEGORIES"].cats] == ["budget", "hostile-text"]
    span = events["2025-04-01-span"]
    assert span["DTSTART"].dt == date(2025, 4, 1)
    assert span["DTEND"].dt == date(2025, 4, 4)  # exclusive: the day after the last day
    assert str(span["STATUS"]) == "TENTATIVE"
    ongoing = events["2025-05-01-ongoing"]
    assert (ongoing["DTSTART"].dt, ongoing["DTEND"].dt) == (date(2025, 5, 1), date(2025, 5, 2))
    assert "since 1 May 2025 (ongoing)" in str(ongoing["DESCRIPTION"])
    approximate = events["2025-06-15-approximate"]
    assert str(approximate["DESCRIPTION"]).startswith("c. 15 June 2025")
    assert str(approximate["STATUS"]) == "CANCELLED"
    long_title = events["2025-03-20-long-title"]
    assert str(long_title["SUMMARY"]) == dataset.event_by_id["2025-03-20-long-title"].title


def test_ics_left_out_counts_month_and_year_precision(project):
    dataset, _ = project
    assert {e.id for e in ics_export.left_out(dataset)} == LEFT_OUT


# --- Atom feeds ---


def test_site_feed_parses_with_one_entry_per_event(project):
    dataset, config = project
    text = atom.site_feed(dataset, config, BUILD_TIME)
    feed = feedparser.parse(text.encode("utf-8"))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Tracker & <Friends>"
    assert feed.feed.id == SITE
    assert len(feed.entries) == len(dataset.events)
    assert [e.id for e in feed.entries] == [event_url(e.id) for e in reversed(dataset.events)]
    entries = {e.id: e for e in feed.entries}
    markup = entries[event_url("2025-02-10-markup-title")]
    assert markup.title == MARKUP_TITLE
    assert markup.title_detail.type == "text/plain"
    assert markup.link == event_url("2025-02-10-markup-title")
    assert markup.published == "2025-02-10T00:00:00Z"
    assert markup.updated == "2025-02-12T00:00:00Z"  # its correction
    assert [t.term for t in markup.tags] == ["budget", "hostile-text"]
    assert "</script><script>alert(1)</script>" in markup.summary
    assert feed.feed.updated == "2025-07-01T00:00:00Z"  # newest entry, not the build time
    assert entries[event_url("2025-01-05-formula-title")].title == FORMULA_TITLE


def test_tag_and_actor_feeds(project):
    dataset, config = project
    tag = feedparser.parse(atom.tag_feed(dataset, config, BUILD_TIME, "hostile-text"))
    assert not tag.bozo
    assert [e.id for e in tag.entries] == [
        event_url("2025-03-20-long-title"),
        event_url("2025-02-10-markup-title"),
    ]
    assert tag.feed.title == "Tracker & <Friends>: hostile-text"
    actor = feedparser.parse(atom.actor_feed(dataset, config, BUILD_TIME, "acme-corp"))
    assert not actor.bozo
    assert actor.feed.title == "Tracker & <Friends>: Acme & Sons <Holdings>"
    assert actor.feed.link == f"{SITE}actors/acme-corp/"
    assert len(actor.entries) == 2


def test_tag_and_actor_feeds_hold_the_newest_twenty_the_site_feed_a_hundred(project):
    dataset, config = project
    template = dataset.events[0]
    many = [
        dataclasses.replace(
            template,
            id=f"2025-01-{day:02d}-e{n}",
            date=parse_date(f"2025-01-{day:02d}"),
            tags=("busy",),
            actors=("acme-corp",),
        )
        for n in range(120)
        for day in [n % 28 + 1]
    ]
    crowded = Dataset(many, list(dataset.entities.values()))
    newest = [event_url(e.id) for e in reversed(crowded.events)]
    site = feedparser.parse(atom.site_feed(crowded, config, BUILD_TIME))
    assert [e.id for e in site.entries] == newest[: atom.MAX_ENTRIES] and atom.MAX_ENTRIES == 100
    for text in (
        atom.tag_feed(crowded, config, BUILD_TIME, "busy"),
        atom.actor_feed(crowded, config, BUILD_TIME, "acme-corp"),
    ):
        feed = feedparser.parse(text)
        assert [e.id for e in feed.entries] == newest[: atom.SCOPED_ENTRIES]
        assert atom.SCOPED_ENTRIES == 10
    # what decides whether a feed is written again is what it shows
    scopes = exports.feed_scopes(crowded)
    assert list(scopes["tags/busy/feed.xml"][1]) == list(crowded.events[-10:])


def test_feed_stays_well_formed_with_control_characters(project):
    dataset, config = project
    bad = dataclasses.replace(dataset.events[0], title="bell\x07 and\x0b tab\x00", summary="x\x1b")
    data = Dataset([bad, *dataset.events[1:]], list(dataset.entities.values()))
    feed = feedparser.parse(atom.site_feed(data, config, BUILD_TIME).encode("utf-8"))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.entries[-1].title == "bell and tab"


def test_empty_feed_uses_build_time():
    feed = feedparser.parse(atom.site_feed(Dataset([], []), SiteConfig(), BUILD_TIME))
    assert not feed.bozo
    assert feed.entries == []
    assert feed.feed.updated == "2025-09-01T12:30:00Z"


# --- TimelineJS ---


def check_timelinejs_date(value: dict) -> None:
    """The date object of https://timeline.knightlab.com/docs/json-format.html."""
    assert set(value) <= {"year", "month", "day", "hour", "minute", "second", "millisecond"}
    assert isinstance(value["year"], int)
    if "month" in value:
        assert 1 <= value["month"] <= 12
    if "day" in value:
        assert "month" in value
        assert 1 <= value["day"] <= 31
    if "hour" in value:
        assert 0 <= value["hour"] <= 23


def test_timelinejs_has_the_documented_fields(project):
    dataset, config = project
    data = json.loads(timelinejs.timelinejs_json(dataset, config, BUILD_TIME))
    assert set(data) <= {"events", "title", "eras", "scale"}
    assert isinstance(data["events"], list)
    assert data["title"]["text"]["headline"] == "Tracker &amp; &lt;Friends&gt;"
    assert "start_date" not in data["title"]
    ids = []
    for slide in data["events"]:
        assert set(slide) <= {
            "start_date",
            "end_date",
            "text",
            "media",
            "group",
            "display_date",
            "background",
            "autolink",
            "unique_id",
        }
        check_timelinejs_date(slide["start_date"])
        if "end_date" in slide:
            check_timelinejs_date(slide["end_date"])
        assert set(slide["text"]) == {"headline", "text"}
        assert all(isinstance(v, str) for v in slide["text"].values())
        assert isinstance(slide["unique_id"], str)
        ids.append(slide["unique_id"])
    assert ids == [e.id for e in dataset.events]
    assert len(set(ids)) == len(ids)


def test_timelinejs_dates_follow_precision_and_text_is_escaped(project):
    dataset, config = project
    data = json.loads(timelinejs.timelinejs_json(dataset, config, BUILD_TIME))
    slides = {s["unique_id"]: s for s in data["events"]}
    assert slides["2024-budget-year"]["start_date"] == {"year": 2024}
    assert slides["2025-03-month-precision"]["start_date"] == {"year": 2025, "month": 3}
    assert slides["2025-04-01-span"]["end_date"] == {"year": 2025, "month": 4, "day": 3}
    assert slides["2025-07-01-to-august"]["end_date"] == {"year": 2025, "month": 8}
    markup = slides["2025-02-10-markup-title"]
    assert markup["start_date"] == {"year": 2025, "month": 2, "day": 10, "hour": 14, "minute": 30}
    assert markup["text"]["headline"] == (
        "Tom &amp; Jerry &lt;b&gt;bold&lt;/b&gt; &gt; all &lt;/script&gt;"
    )
    assert "<script>" not in markup["text"]["text"]
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in markup["text"]["text"]
    assert "display_date" not in markup
    assert slides["2025-06-15-approximate"]["display_date"] == "c. 15 June 2025"
    assert slides["2025-05-01-ongoing"]["display_date"] == "since 1 May 2025 (ongoing)"
    assert "end_date" not in slides["2025-05-01-ongoing"]


# --- JSON-LD ---


class _ScriptReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        if tag == "script" and ("type", "application/ld+json") in attrs:
            self._inside = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.scripts[-1] += data


def jsonld_from_page(text: str) -> list[dict]:
    page = f'<html><head><script type="application/ld+json">{text}</script></head><body></body>'
    reader = _ScriptReader()
    reader.feed(page)
    return [json.loads(script) for script in reader.scripts]


def test_jsonld_parses_from_html(project):
    dataset, config = project
    event = dataset.event_by_id["2025-02-10-markup-title"]
    text = event_jsonld(event, dataset, config)
    assert "<" not in text and ">" not in text and "&" not in text
    [data] = jsonld_from_page(text)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == MARKUP_TITLE
    assert data["url"] == event_url(event.id)
    # the address names the event (no @id or identifier repeating it)
    assert "@id" not in data and "identifier" not in data
    assert data["startDate"] == "2025-02-10"
    assert "endDate" not in data
    # the summary is the page's and its meta description's, not repeated here
    assert "description" not in data
    assert data["location"] == [
        {"@type": "City", "name": "Springfield", "url": f"{SITE}places/springfield/"}
    ]
    assert [(p["@type"], p["name"]) for p in data["performer"]] == [
        ("Person", "Ana Pérez"),
        ("Organization", "Acme & Sons <Holdings>"),
    ]
    assert data["performer"][0]["sameAs"] == "https://www.wikidata.org/wiki/Q42"
    assert data["about"] == [
        {"@type": "Country", "name": "Freedonia", "url": f"{SITE}places/freedonia/"}
    ]
    # the sources and topics are on the page and in events.json, not copied here
    assert "citation" not in data and "keywords" not in data


@pytest.mark.parametrize(
    ("event_id", "start", "end"),
    [
        ("2024-budget-year", "2024", None),
        ("2025-03-month-precision", "2025-03", None),
        ("2025-04-01-span", "2025-04-01", "2025-04-03"),
        ("2025-05-01-ongoing", "2025-05-01", None),
        ("2025-06-15-approximate", "2025-06-15", None),
        ("2025-07-01-to-august", "2025-07-01", "2025-08"),
    ],
)
def test_jsonld_dates_at_their_precision(project, event_id, start, end):
    dataset, config = project
    [data] = jsonld_from_page(event_jsonld(dataset.event_by_id[event_id], dataset, config))
    assert data["startDate"] == start
    assert data.get("endDate") == end


# --- the site's files, the data page, feed links, build time ---


def test_site_files_lists_every_export(project):
    dataset, config = project
    files = exports.site_files(dataset, config, BUILD_TIME)
    assert set(files) == {
        "data/events.json",
        "data/schema.json",
        "changes.xml",
        "search-bundles.json",
        "data/events.csv",
        "data/events.ics",
        "data/timelinejs.json",
        "data/filter-index.json",
        "feed.xml",
        "tags/budget/feed.xml",
        "tags/hostile-text/feed.xml",
        "actors/ana-perez/feed.xml",
        "actors/acme-corp/feed.xml",
    }
    assert all(isinstance(v, bytes) for v in files.values())
    assert files == exports.site_files(dataset, config, BUILD_TIME)
    for name, export in exports.FORMATS.items():
        assert export(dataset, config, BUILD_TIME).encode("utf-8") in files.values(), name


def test_data_page_documents_the_files(project):
    dataset, config = project
    page = data_page(dataset, config)
    assert page.startswith("---\ntitle: Data\n---\n")
    # HTML links: the downloads join the site after MkDocs, which would not find them
    for link in (
        'href="events.json"',
        'href="schema.json"',
        'href="events.csv"',
        'href="events.ics"',
        'href="timelinejs.json"',
        'href="../feed.xml"',
    ):
        assert link in page
    assert "<strong>3 of 9 events are not in the calendar</strong>" in page
    for column in csv_export.COLUMNS:
        assert f"| `{column}` |" in page
    for field in ("edtf", "precision", "direction", "archive_url", "schema_version"):
        assert f"| `{field}` |" in page


def test_feed_links(project):
    dataset, config = project
    site = (config.name, f"{SITE}feed.xml", "application/atom+xml")
    assert exports.feed_links(dataset, config) == [site]
    assert exports.feed_links(dataset, config, "tag", "budget") == [
        site,
        (f"{config.name}: budget", f"{SITE}tags/budget/feed.xml", "application/atom+xml"),
    ]
    assert exports.feed_links(dataset, config, "actor", "ana-perez")[1].href == (
        f"{SITE}actors/ana-perez/feed.xml"
    )
    assert exports.feed_links(dataset, config, "actor", "unused-person") == [site]
    assert exports.feed_links(dataset, config, "actor", "springfield") == [site]


def test_build_time_honours_source_date_epoch():
    assert exports.build_time({"SOURCE_DATE_EPOCH": "1700000000"}) == datetime(
        2023, 11, 14, 22, 13, 20, tzinfo=UTC
    )
    now = exports.build_time({})
    assert now.tzinfo is not None and abs((datetime.now(UTC) - now).total_seconds()) < 60
    with pytest.raises(UserError, match="SOURCE_DATE_EPOCH"):
        exports.build_time({"SOURCE_DATE_EPOCH": "yesterday"})


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("Plain words, kept.", "Plain words, kept."),
        ("Folded\nlines join.", "Folded lines join."),
        ("*Emphasis* and [a link](https://x.org)", "Emphasis and a link"),
        ("One.\n\nTwo.", "One.\n\nTwo."),
        ("- a\n- b", "a\n\nb"),
        ("Tags <b>stay</b> & so do ampersands", "Tags <b>stay</b> & so do ampersands"),
        ("`code` &amp; *x*", "code &amp; x"),
    ],
)
def test_plain_text(source, text):
    assert plain_text(source) == text

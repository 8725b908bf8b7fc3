"""`timeline new event` and `timeline new entity`, run as a contributor runs them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jinja2
import jsonschema
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator.cli.new import PLACEHOLDER, render_event_skeleton, slugify
from generator.records import schema
from generator.records.yamltree import parse_yaml
from generator.render.environment import (
    UnescapedValueError,
    record_environment,
    yaml_scalar,
)
from tests.helpers import REPO, run_timeline

DATE = "2025-05-03"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A small project of its own, so that these tests do not follow the dataset."""
    (tmp_path / "events").mkdir()
    (tmp_path / "entities").mkdir()
    (tmp_path / "entities/claudia-sheinbaum.yaml").write_text(
        "name: Claudia Sheinbaum\nkind: person\naliases: [Claudia Sheinbaum Pardo]\n"
    )
    (tmp_path / "entities/mexico.yaml").write_text("name: Mexico\nkind: country\n")
    return tmp_path


def new(project: Path, *args: str):
    return run_timeline("-C", str(project), "new", *args)


def fill(text: str) -> str:
    """What a contributor does with the skeleton: write the real values."""
    return (
        text.replace(f"https://example.com/{PLACEHOLDER}", "https://example.org/news/1")
        .replace(f"{PLACEHOLDER} with one or two sentences", "Sheinbaum said no; she gave")
        .replace(PLACEHOLDER, "Example News")
    )


# ---------------------------------------------------------------- slugs


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Andrés Manuel López Obrador", "andres-manuel-lopez-obrador"),
        ("Sheinbaum rejects U.S. troops", "sheinbaum-rejects-us-troops"),
        ("Trump's offer: “no”, says Sheinbaum!", "trumps-offer-no-says-sheinbaum"),
        ("  --Ciudad   de México--  ", "ciudad-de-mexico"),
        ("São Paulo / Bogotá — 3.5 million", "sao-paulo-bogota-3-5-million"),
        ("Straße, Æther, Łódź, Øresund", "strasse-aether-lodz-oresund"),
        ("ÑANDÚ", "nandu"),
        ("Путин", ""),
    ],
)
def test_slug_folds_accents_and_punctuation(text, slug):
    assert slugify(text, 60) == slug


def test_slug_is_cut_on_a_word_boundary():
    title = "The president of Mexico rejects the offer of United States troops again today"
    slug = slugify(title, 60)
    assert slug == "the-president-of-mexico-rejects-the-offer-of-united-states"
    assert len(slug) <= 60
    assert slugify("a" * 70, 60) == "a" * 60
    assert slugify("abc defgh", 7) == "abc"  # never half a word when a boundary exists
    assert slugify("abc defg", 7) == "abc"
    assert slugify("abcdef gh", 6) == "abcdef"  # the cut falls on the space


# ---------------------------------------------------------------- new event


def test_new_event_writes_the_skeleton_in_the_year_folder(project):
    result = new(
        project,
        "event",
        "Sheinbaum says she refused Trump's offer of U.S. troops",
        "--date",
        DATE,
        "--actor",
        "claudia-sheinbaum",
        "--place",
        "mexico",
        "--tag",
        "sovereignty",
    )
    assert result.returncode == 0, result.stderr
    path = "events/2025/2025-05-03-sheinbaum-says-she-refused-trumps-offer-of-us-troops.yaml"
    assert result.stdout == path + "\n"
    text = (project / path).read_text()
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../../schema/event.schema.json"
    assert "title: Sheinbaum says she refused Trump's offer of U.S. troops\n" in text
    assert f'date: "{DATE}"\n' in text
    assert "actors: [claudia-sheinbaum]\n" in text
    assert "places: [mexico]\n" in text
    assert "tags: [sovereignty]\n" in text


def test_the_title_part_of_the_file_name_is_at_most_60_characters(project):
    title = "The president of Mexico rejects the offer of United States troops again today"
    result = new(project, "event", title, "--date", "2025-05")
    assert result.returncode == 0, result.stderr
    name = Path(result.stdout.strip()).name
    assert name == "2025-05-the-president-of-mexico-rejects-the-offer-of-united-states.yaml"
    assert result.stdout.startswith("events/2025/")


def test_the_skeleton_fails_validation_exactly_where_it_must_be_filled(project):
    """The golden output of `validate --format github`: one annotation per placeholder."""
    new(project, "event", "Sheinbaum rejects U.S. troops", "--date", DATE, "--actor",
        "claudia-sheinbaum")  # fmt: skip
    result = run_timeline("-C", str(project), "validate", "--format", "github")
    assert result.returncode == 1
    file = "events/2025/2025-05-03-sheinbaum-rejects-us-troops.yaml"
    placeholder = "still holds the REPLACE-ME placeholder of the skeleton; replace it with"
    assert result.stdout == (
        f"::error file={file},line=25,col=10::'summary' {placeholder}: "
        "one or two sentences of Markdown [placeholder]\n"
        f"::error file={file},line=43,col=10::'sources[0].url' {placeholder}: "
        "web address of the article or document [placeholder]\n"
        f"::error file={file},line=45,col=16::'sources[0].publisher' {placeholder}: "
        "who published it: outlet, agency or body [placeholder]\n"
        f"::error file={file},line=47,col=12::'sources[0].title' {placeholder}: "
        "headline or title of the source [placeholder]\n"
    )


def test_the_filled_skeleton_is_valid(project):
    result = new(project, "event", "Sheinbaum rejects U.S. troops", "--date", DATE, "--actor",
                 "claudia-sheinbaum", "--place", "mexico", "--tag", "sovereignty")  # fmt: skip
    file = project / result.stdout.strip()
    file.write_text(fill(file.read_text()))
    checked = run_timeline("-C", str(project), "validate", "--format", "json")
    assert json.loads(checked.stdout)["diagnostics"] == []
    assert checked.returncode == 0


def test_the_skeleton_matches_the_published_json_schema(project):
    """Editors check the file against the JSON Schema while the contributor types."""
    result = new(project, "event", "Sheinbaum rejects U.S. troops", "--date", DATE)
    text = (project / result.stdout.strip()).read_text()
    for version in (text, fill(text)):
        root, problems = parse_yaml(version, "x.yaml")
        assert problems == []
        jsonschema.validate(_plain(root), schema.json_schema("event"))


def _plain(node):
    if hasattr(node, "entries"):
        return {k: _plain(v) for k, (_, v) in node.entries.items()}
    if hasattr(node, "items"):
        return [_plain(i) for i in node.items]
    return node.value


@pytest.mark.parametrize("spec", [schema.EVENT, schema.SOURCE, schema.QUOTE, schema.RELATION,
                                  schema.UPDATE])  # fmt: skip
def test_the_skeleton_explains_every_field_of_the_schema(project, spec):
    result = new(project, "event", "Anything", "--date", DATE)
    text = (project / result.stdout.strip()).read_text()
    for field in spec.fields.values():
        assert f"{field.name}:" in text, field.name
        assert field.description in text.replace("\n# ", " "), field.name


@pytest.mark.parametrize(
    "title",
    ["Sheinbaum: \"no\" to troops", "#1 in the polls", "- dash first", "yes", "2025",
     "Trump's 'offer' & Mexico's {reply} [part 1] @ 10:30", "'quoted'"],
)  # fmt: skip
def test_any_title_is_written_so_that_yaml_reads_it_back(project, title):
    result = new(project, "event", title, "--date", DATE, "--slug", "x")
    assert result.returncode == 0, result.stderr
    root, problems = parse_yaml((project / result.stdout.strip()).read_text(), "x.yaml")
    assert problems == []
    assert root.entries["title"][1].value == title


def test_new_event_never_overwrites(project):
    args = ("event", "Sheinbaum rejects U.S. troops", "--date", DATE)
    first = new(project, *args)
    file = project / first.stdout.strip()
    file.write_text("title: my work\n")
    second = new(project, *args)
    assert second.returncode == 1
    assert second.stdout == ""
    assert second.stderr == (
        "timeline: error: events/2025/2025-05-03-sheinbaum-rejects-us-troops.yaml already "
        "exists with the id '2025-05-03-sheinbaum-rejects-us-troops'; it was left as it was "
        "(edit it, or choose another name with --slug)\n"
    )
    assert file.read_text() == "title: my work\n"


def test_an_id_taken_in_another_folder_is_refused_too(project):
    (project / "events/misfiled").mkdir()
    (project / "events/misfiled/2025-05-03-sheinbaum-rejects-us-troops.yaml").write_text("x: 1\n")
    result = new(project, "event", "Sheinbaum rejects U.S. troops", "--date", DATE)
    assert result.returncode == 1
    assert "events/misfiled/2025-05-03-sheinbaum-rejects-us-troops.yaml already exists" in (
        result.stderr
    )
    assert not (project / "events/2025").exists()


def test_unknown_entities_are_refused_with_a_suggestion(project):
    result = new(project, "event", "T", "--date", DATE, "--actor", "sheinbaum", "--place",
                 "claudia-sheinbaum", "--place", "mexco")  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "timeline: error: unknown actor 'sheinbaum'; did you mean 'claudia-sheinbaum'? To add "
        'a new one, run: timeline new entity "Name" --kind KIND',
        "timeline: error: 'claudia-sheinbaum' is a person, but places may only name entities "
        "of kind country, region, city, place; give it with --actor instead",
        "timeline: error: unknown place 'mexco'; did you mean 'mexico'? To add a new one, run: "
        'timeline new entity "Name" --kind KIND',
    ]
    assert not (project / "events/2025").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--date", "2025-02-30"),
         "--date '2025-02-30': February 2025 has 28 days, so day 30 does not exist"),
        (("--date", "next Tuesday"), "--date 'next Tuesday' is not a date; write YYYY, YYYY-MM "
         "or YYYY-MM-DD, optionally followed by ~ (approximate), ? (uncertain) or % (both)"),
        (("--date", DATE, "--tag", "Sovereignty"), "'--tag' is 'Sovereignty'; a tag is written in "
         "lowercase letters, digits and single hyphens"),  # the rest comes from the schema
    ],
)  # fmt: skip
def test_bad_argument_values_exit_1_with_the_reason(project, args, message):
    """Values argparse accepts but the record format does not: the user's input, exit 1."""
    result = new(project, "event", "Sheinbaum rejects U.S. troops", *args)
    assert result.returncode == 1
    assert result.stderr.startswith(f"timeline: error: {message}")
    assert len(result.stderr.splitlines()) == 1


def test_a_title_without_latin_letters_needs_a_slug(project):
    result = new(project, "event", "Путин", "--date", DATE)
    assert result.returncode == 1
    assert "give one with --slug" in result.stderr
    result = new(project, "event", "Путин", "--date", DATE, "--slug", "putin-speaks")
    assert result.stdout == "events/2025/2025-05-03-putin-speaks.yaml\n"


def test_qualified_and_span_dates_name_the_file_by_their_start(project):
    result = new(project, "event", "Talks", "--date", "2024-12-20~/2025-01-05")
    assert result.stdout == "events/2024/2024-12-20-talks.yaml\n"


# ---------------------------------------------------------------- new entity


def test_new_entity_is_valid_as_written(project):
    result = new(project, "entity", "Andrés Manuel López Obrador", "--kind", "person")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "entities/andres-manuel-lopez-obrador.yaml\n"
    text = (project / "entities/andres-manuel-lopez-obrador.yaml").read_text()
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../schema/entity.schema.json"
    assert "name: Andrés Manuel López Obrador\n" in text
    assert "kind: person\n" in text
    checked = run_timeline("-C", str(project), "validate", "--format", "json")
    assert checked.returncode == 0
    assert json.loads(checked.stdout)["diagnostics"] == []
    for field in schema.ENTITY.fields.values():
        assert f"{field.name}:" in text and field.description in text.replace("\n# ", " ")


def test_new_entity_never_overwrites(project):
    result = new(project, "entity", "Mexico", "--kind", "country")
    assert result.returncode == 1
    assert result.stderr == (
        "timeline: error: entities/mexico.yaml already exists; it was left as it was "
        "(edit it, or choose another name with --slug)\n"
    )
    assert (project / "entities/mexico.yaml").read_text() == "name: Mexico\nkind: country\n"


def test_new_entity_points_at_an_entity_with_the_same_name(project):
    result = new(project, "entity", "Claudia Sheinbaum Pardo", "--kind", "person")
    assert result.returncode == 0
    assert "note: entities/claudia-sheinbaum.yaml has the same name or alias" in result.stderr


def test_new_entity_kind_must_be_known(project):
    result = new(project, "entity", "Someone", "--kind", "human")
    assert result.returncode == 2
    assert "invalid choice: 'human'" in result.stderr


def test_an_uncommented_placeholder_in_an_entity_is_an_error(project):
    new(project, "entity", "Someone", "--kind", "person")
    file = project / "entities/someone.yaml"
    file.write_text(file.read_text().replace("# summary:", "summary:"))
    result = run_timeline("-C", str(project), "validate")
    assert result.returncode == 1
    assert "entities/someone.yaml:16:10: error: 'summary' still holds the REPLACE-ME" in (
        result.stdout
    )


def test_the_reference_gives_the_skeleton_of_timeline_new(project):
    """The skeleton a contributor pastes in the browser is the one `timeline new` writes,
    and `timeline validate` points at each value still to write."""
    guide = (REPO / "docs" / "REFERENCE.md").read_text()
    block = guide.split("The skeleton to paste:\n\n```yaml\n", 1)[1].split("```\n", 1)[0]
    title = f"{PLACEHOLDER} with what happened, in one neutral line"
    assert block == render_event_skeleton(title, "YYYY-MM-DD", [], [], [])
    (project / "events/2025").mkdir()
    (project / "events/2025/2025-05-03-pasted.yaml").write_text(block)
    result = run_timeline("-C", str(project), "validate", "--format", "json")
    found = [(d["line"], d["code"]) for d in json.loads(result.stdout)["diagnostics"]]
    assert found == [
        (10, "placeholder"),
        (14, "invalid-date"),
        (25, "placeholder"),
        (43, "placeholder"),
        (45, "placeholder"),
        (47, "placeholder"),
    ]


@given(st.text(max_size=120))
def test_any_text_gives_a_valid_slug_or_none(text):
    slug = slugify(text, 60)
    assert len(slug) <= 60
    assert slug == "" or re.fullmatch(schema.SLUG_PATTERN, slug)


@given(st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=80))
def test_any_value_is_written_as_yaml_that_reads_back(text):
    root, problems = parse_yaml(f"title: {yaml_scalar(text)}\n", "x.yaml")
    assert problems == []
    assert root.entries["title"][1].value == text


# ---------------------------------------------------------------- what `new` decides for the writer


def test_new_event_says_how_it_shortened_the_slug(project):
    title = "Harbor City Council rejects agenda item on the new waterfront stadium subsidy"
    result = new(project, "event", title, "--date", "2025-05-03")
    assert result.returncode == 0, result.stderr
    kept = "harbor-city-council-rejects-agenda-item-on-the-new"
    assert result.stdout == f"events/2025/2025-05-03-{kept}.yaml\n"
    assert (
        f"note: the file name keeps the first 60 characters of the title's slug, '{kept}', "
        "and drops 'waterfront-stadium-subsidy'; to choose it yourself, delete the file and "
        "run the command again with --slug\n"
    ) in result.stderr


def test_a_short_title_gives_no_note(project):
    result = new(project, "event", "Sheinbaum rejects troops", "--date", "2025-05-03")
    assert result.returncode == 0, result.stderr
    assert "note:" not in result.stderr


@pytest.mark.parametrize("written", ["May 3, 2025", "3 May 2025", "2025-5-3"])
def test_new_event_reads_a_date_as_people_write_it(project, written):
    result = new(project, "event", "Sheinbaum rejects troops", "--date", written)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "events/2025/2025-05-03-sheinbaum-rejects-troops.yaml\n"
    assert f"note: read --date '{written}' as 2025-05-03\n" in result.stderr
    text = (project / result.stdout.strip()).read_text()
    assert '\ndate: "2025-05-03"\n' in text


def test_new_event_never_decides_an_ambiguous_date(project):
    result = new(project, "event", "Sheinbaum rejects troops", "--date", "05/06/2025")
    assert result.returncode == 1
    assert result.stderr == (
        "timeline: error: --date '05/06/2025' is not written the way a record writes dates "
        "(YYYY-MM-DD); it reads as 2025-05-06 (month first) or 2025-06-05 (day first): "
        "write the one you mean\n"
    )
    assert not list((project / "events").rglob("*.yaml"))


def test_a_record_template_value_printed_without_yaml_stops_the_render() -> None:
    templates = {"raw": "title: {{ value }}\n", "written": "title: {{ value | yaml }}\n"}
    env = record_environment().overlay(loader=jinja2.DictLoader(templates))
    injected = "A title\nstatus: confirmed"  # would add a key to the record
    with pytest.raises(UnescapedValueError, match="without writing it as YAML"):
        env.get_template("raw").render(value=injected)
    assert yaml.safe_load(env.get_template("written").render(value=injected)) == {"title": injected}

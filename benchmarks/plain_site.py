"""The baseline of the site benchmark: a plain mkdocs-material site of hand-written event pages.

From the same synthetic records as the project's own site, it writes one Markdown
page per event holding what the generated event page holds, written the way a
person would write it by hand: the title, the date and time, the status, the
actors, places and topics, the summary and the body as they are in the record,
the quotes with their speaker and source, the numbered sources (publisher,
linked title, date, archive link), the related events as links in both
directions, the update log, and links to the previous and next event. The pages
are kept out of the navigation (which holds only the home page), and the site
uses mkdocs-material as it comes, with its own search plugin, and the same
Markdown extensions as the project (`toc` with permalinks, `tables`).

What the baseline does not have, because a plain MkDocs site has no generator:
the actor, place, topic and year pages, the timeline, the exports, the JSON-LD
and the filter hooks. Those are the project's additional work, and the
benchmark's ratio counts them against the project.
"""

from __future__ import annotations

from pathlib import Path

from generator.records.model import Dataset, Event

BASELINE_CONFIG = """\
site_name: Plain timeline
site_url: https://example.org/plain/
use_directory_urls: true
theme:
  name: material
  font: false
plugins:
  - search
markdown_extensions:
  - toc:
      permalink: true
  - tables
nav:
  - Home: index.md
not_in_nav: |
  /events/
"""

MONTHS = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _day(value) -> str:
    return f"{value.day} {MONTHS[value.month]} {value.year}"


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def event_markdown(event: Event, data: Dataset) -> str:
    """One event as a person would write its page in Markdown."""

    def name(entity_id: str) -> str:
        entity = data.entities.get(entity_id)
        return entity.name if entity else entity_id

    lines = [
        "---",
        f"title: {_quoted(event.title)}",
        f"description: {_quoted(' '.join(event.summary.split())[:200])}",
        "---",
        "",
        f"# {event.title}",
        "",
        f"**{event.date.display()}{', ' + event.time if event.time else ''}** · "
        f"{event.status.capitalize()}",
        "",
        f"**Actors:** {', '.join(name(a) for a in event.actors)}  ",
        f"**Places:** {', '.join(name(p) for p in event.places)}  ",
        f"**Topics:** {', '.join(tag.replace('-', ' ') for tag in event.tags)}",
        "",
        event.summary.strip(),
        "",
    ]
    if event.body:
        lines += [event.body.strip(), ""]
    if event.quotes:
        lines += ["## Quotes", ""]
        for quote in event.quotes:
            lines.append(f"> {quote.text}")
            if quote.original:
                lines += [">", f"> *{quote.original}*"]
            number = event.source_number(quote.source)
            lines += ["", f"— {name(quote.speaker)}, [source {number}](#sources)"]
            lines.append("")
    lines += ["## Sources", ""]
    for number, source in enumerate(event.sources, start=1):
        line = f"{number}. {source.publisher}"
        line += f": [{source.title}]({source.url})" if source.title else f" ({source.url})"
        if source.published:
            line += f", {_day(source.published)}"
        if source.archive_url:
            line += f" ([archived copy]({source.archive_url}))"
        lines.append(line)
    lines.append("")
    related = data.links_of(event)
    if related:
        lines += ["## Related events", ""]
        for link in related:
            other = data.event_by_id[link.event]
            lines.append(
                f"- **{link.label}:** [{other.title}]({other.id}.md) ({other.date.display()})"
            )
        lines.append("")
    if event.updates:
        lines += ["## Updates and corrections", ""]
        for update in event.updates:
            lines.append(f"- **{update.kind.capitalize()}, {_day(update.date)}:** {update.note}")
        lines.append("")
    index = data.position[event.id]
    previous = data.events[index - 1] if index > 0 else None
    following = data.events[index + 1] if index + 1 < len(data.events) else None
    if previous:
        lines.append(f"Previous: [{previous.title}]({previous.id}.md)  ")
    if following:
        lines.append(f"Next: [{following.title}]({following.id}.md)")
    return "\n".join(lines) + "\n"


def write_plain_site(root: Path, data: Dataset) -> int:
    """Write mkdocs.yml and docs/ of the baseline site into root; return the number of pages."""
    docs = root / "docs"
    (docs / "events").mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(BASELINE_CONFIG, encoding="utf-8")
    (docs / "index.md").write_text(
        "# Plain timeline\n\nEvent pages written by hand, out of the navigation.\n",
        encoding="utf-8",
    )
    for event in data.events:
        (docs / "events" / f"{event.id}.md").write_text(
            event_markdown(event, data), encoding="utf-8"
        )
    return len(data.events) + 1

"""The pages of what changed: /changes/ (newest first), /corrections/, and the marks on cards.

Everything here comes from generator.exports.changes, which also makes
/changes.xml, so the page, the feed and the marks agree.
"""

from __future__ import annotations

from markupsafe import Markup

from generator import layout as urls
from generator.exports import changes
from generator.exports.clock import day_start, utc_timestamp
from generator.records.model import Dataset, Event
from generator.render import text
from generator.render.environment import render, same_part
from generator.render.links import Links

# the page lists the newest changes; the feed as many, events.json has every date
ON_CHANGES_PAGE = 200


def change_mark(event: Event, dataset: Dataset) -> Markup:
    """'Updated 4 May 2025' or 'Corrected ...' for a card or an event page; empty if unchanged."""
    mark = changes.latest_mark(event, dataset)
    if mark is None:
        return Markup("")
    return same_part("change_mark", mark.kind, mark.label, mark.when.date())


def article_times(event: Event, dataset: Dataset) -> dict[str, str]:
    """Front matter for an event page's Open Graph tags: an article, published and modified.

    Published when its record reached the repository (else on the event's first
    day); modified at its newest change, if later.
    """
    dates = dataset.history.of(event.path)
    published = dates.added if dates else day_start(event.date.earliest)
    found = changes.event_changes(event, dataset)
    modified = max([published, *(change.when for change in found)])
    return {
        "og_type": "article",
        "published": utc_timestamp(published),
        "modified": utc_timestamp(modified),
    }


def listed_changes(dataset: Dataset) -> list[changes.Change]:
    """The changes the changes page lists."""
    return changes.recent_changes(dataset, ON_CHANGES_PAGE)


def changes_page(
    dataset: Dataset, common: dict[str, object], links: Links, listed: list[changes.Change]
) -> str:
    return render(
        "changes.md.j2",
        **common,
        history_known=dataset.history.known,
        changes=listed,
        corrections_link=links.page(urls.CORRECTIONS_PAGE),
        feed_link=text.html_text("../" + urls.CHANGES_FEED),
        limit=ON_CHANGES_PAGE,
    )


def corrections_page(dataset: Dataset, common: dict[str, object], links: Links) -> str:
    return render(
        "corrections.md.j2",
        **common,
        corrections=changes.corrections(dataset),
        changes_link=links.page(urls.CHANGES_PAGE),
    )

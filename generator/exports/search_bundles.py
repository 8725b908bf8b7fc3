"""/search-bundles.json: the Pagefind index bundles the search dialog searches.

The one list of them (generator.layout.search_bundles says which and where),
read by site_src/assets/javascripts/search-engine.js on the first search.
Each bundle says which years its events fall in: the dialog joins the
bundles' results sorted by date in that order, so the bundles hold whole
years, each year in one bundle (generator.site.search_index indexes them).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from generator import layout as urls
from generator.exports.json_export import dump_json
from generator.records.model import Dataset
from generator.settings import SiteConfig


def search_bundles_json(dataset: Dataset, config: SiteConfig, build_time: datetime) -> str:
    counts = Counter(event.year for event in dataset.events)
    bundles = [
        {"path": bundle.folder, "first_year": bundle.first_year, "last_year": bundle.last_year}
        for bundle in urls.search_bundles(counts, config.search_split_above)
    ]
    if not counts:  # no events: no years
        bundles[0]["first_year"] = bundles[0]["last_year"] = None
    return dump_json({"bundles": bundles})

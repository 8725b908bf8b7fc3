"""/search-bundles.json: the Pagefind index bundles the search dialog searches.

The one list of them (generator.layout.search_bundles says which and where),
read by site_src/assets/javascripts/search-engine.js on the first search. The
first bundle comes first (it holds Pagefind's script, and every page without a
year), then a bundle per year, oldest first, each saying its year: the dialog
merges the year bundles in that order to keep results sorted by date
(generator.site.search_index indexes them).
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
        {"path": bundle.folder, "year": bundle.year}
        for bundle in urls.search_bundles(counts, config.search_split_above)
    ]
    return dump_json({"bundles": bundles})

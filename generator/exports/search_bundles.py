"""/search-bundles.json: the Pagefind index bundles the search dialog searches.

The one list of them (generator.layout names the folders), read by
site_src/assets/javascripts/search-engine.js on the first search. Each bundle
says which years its events fall in: the dialog joins the bundles' results
sorted by date in that order, so the bundles must hold whole years, each year
in one bundle (one bundle holds every year today).
"""

from __future__ import annotations

from datetime import datetime

from generator import layout as urls
from generator.exports.json_export import dump_json
from generator.records.model import Dataset
from generator.settings import SiteConfig


def search_bundles_json(dataset: Dataset, config: SiteConfig, build_time: datetime) -> str:
    years = dataset.years()
    first, last = (years[0], years[-1]) if years else (None, None)
    bundles = [
        {"path": folder, "first_year": first, "last_year": last}
        for folder in urls.search_bundle_folders()
    ]
    return dump_json({"bundles": bundles})

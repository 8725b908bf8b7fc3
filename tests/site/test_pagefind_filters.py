"""The search index is the same bytes for the same pages (Pagefind's filter files were not)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.site.pagefind import SEARCH_DIR, run_pagefind
from generator.site.pagefind_filters import UnknownFormat, decode, encode, read
from tests.helpers import build, copy_project, tree_digest


@pytest.mark.parametrize(
    "value", [0, 23, 24, 255, 256, 70000, 2**40, "", "Cártel", ["a", [1, 2, ["b"]]], [0] * 30]
)
def test_cbor_round_trip(value) -> None:
    data = encode(value)
    assert decode(data) == (value, len(data))


def test_values_pagefind_never_writes_are_refused() -> None:
    with pytest.raises(UnknownFormat):
        encode(1.5)
    with pytest.raises(UnknownFormat):
        decode(bytes([0xA1, 0x01, 0x02]))  # a map


def test_two_indexes_of_the_same_pages_are_the_same(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    assert build(root).returncode == 0
    digests = []
    for run in ("first", "second"):
        site = tmp_path / run
        shutil.copytree(root / "site", site)
        shutil.rmtree(site / SEARCH_DIR)
        assert run_pagefind(site) == 0
        digests.append(tree_digest(site / SEARCH_DIR))
    assert digests[0] == digests[1]
    # and the filters are there, their values in order
    [status] = [
        read(path)
        for path in (tmp_path / "first" / SEARCH_DIR / "filter").glob("*.pf_filter")
        if read(path)[0] == "status"
    ]
    values = [value for value, _ in status[1]]
    assert values == sorted(values) and "Confirmed" in values

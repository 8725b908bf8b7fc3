"""What a build did (`BuildResult`), and the line `timeline build` and serve print about it."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.settings import DEFAULT_SITE_DIR
from generator.site import nochange
from generator.site.write import WriteReport

__all__ = ["BuildResult", "describe"]


@dataclass
class BuildResult:
    ok: bool
    write: WriteReport | None = None
    timings: dict[str, float] = field(default_factory=dict)
    incremental: bool = False
    up_to_date: bool = False  # nothing had changed since the last build: nothing was done
    pages: list[str] = field(default_factory=list)  # generated pages, under docs_dir
    sources: dict[str, str] = field(default_factory=dict)  # their SHA-256, by path
    site_dir: str = DEFAULT_SITE_DIR


def describe(result: BuildResult) -> str:
    if result.up_to_date:
        return nochange.up_to_date_message(result.site_dir, sum(result.timings.values()))
    report = result.write
    pages = "none written"
    if report:
        pages = f"{len(report.written)} written, {report.unchanged} unchanged, "
        pages += f"{len(report.deleted)} deleted, {report.rendered} rendered"
    times = ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in result.timings.items())
    kind = "incrementally" if result.incremental else "in full"
    return f"{result.site_dir}/ built {kind}: generated files {pages} ({times})"

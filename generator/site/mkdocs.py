"""`python -m generator.site.mkdocs ARGS`: MkDocs' own command line, for `timeline build`.

It is `python -m mkdocs` with one difference: a `--dirty` build does not log
MkDocs' notice that dirty builds may leave navigation and links stale. That
notice is a warning, so under `--strict` every dirty build would fail on it.
The incremental build (generator.site.incremental) rebuilds exactly the pages
whose sources changed, and it never runs dirty when the navigation or
anything else every page shows could have changed.
"""

from __future__ import annotations

import logging
import sys

DIRTY_NOTICE = "A 'dirty' build is being performed"


class _WithoutDirtyNotice(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_NOTICE)


def main() -> None:
    from mkdocs.__main__ import cli

    logging.getLogger("mkdocs.commands.build").addFilter(_WithoutDirtyNotice())
    cli(prog_name="mkdocs")


if __name__ == "__main__":
    sys.exit(main())

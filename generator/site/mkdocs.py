"""Running MkDocs for `timeline build`: `run_mkdocs`, and the command it runs.

`python -m generator.site.mkdocs ARGS` is `python -m mkdocs` with one
difference: a `--dirty` build does not log MkDocs' notice that dirty builds
may leave navigation and links stale, nor the one that site/ holds stale files. That notice is a warning, so under
`--strict` every dirty build would fail on it. The incremental build
(generator.site.incremental) rebuilds exactly the pages whose sources
changed, and it never runs dirty when the navigation or anything else every
page shows could have changed.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

DIRTY_NOTICE = "A 'dirty' build is being performed"
# an incremental build starts from a copy of the last site/ on purpose, and removes what
# is stale itself: MkDocs' advice to use --clean, on every rebuild, is noise
STALE_NOTICE = "The directory contains stale files"


class _WithoutDirtyNotice(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith((DIRTY_NOTICE, STALE_NOTICE))


def run_mkdocs(config_file: Path, site_dir: Path, strict: bool, dirty: bool = False) -> int:
    """Build the site of `config_file` into `site_dir`; MkDocs' exit code."""
    # -I: nothing is imported from the project folder, whatever a checkout puts there
    command = [sys.executable, "-I", "-m", __name__, "build"]
    command += ["-f", str(config_file), "-d", str(site_dir)]
    command += (["--strict"] if strict else []) + (["--dirty"] if dirty else [])
    # Material's notice about its successor is not a problem with this site
    env = {"NO_MKDOCS_2_WARNING": "1", **os.environ}
    return subprocess.run(command, cwd=config_file.parent, env=env, check=False).returncode


def main() -> None:
    from mkdocs.__main__ import cli

    logging.getLogger("mkdocs.commands.build").addFilter(_WithoutDirtyNotice())
    cli(prog_name="mkdocs")


if __name__ == "__main__":
    sys.exit(main())

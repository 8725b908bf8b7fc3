"""Which generator made an output: a hash of its own source, for caches and incremental builds.

The record cache (records), the page keys (render) and the site's fingerprint
(site) must all be forgotten when the code that made them changes: a change
to the loader, a template or the writer. They share this one hash of every
source file and template of the package, and of the Python and PyYAML
versions they ran on.
"""

from __future__ import annotations

import hashlib
import platform
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
SOURCE_SUFFIXES = (".py", ".j2")


@cache
def generator_version() -> str:
    """A hash of the generator's source files and templates, and of what they run on."""
    import yaml  # here: `timeline build` with nothing to do never needs it
    digest = hashlib.sha256(f"{platform.python_version()} {yaml.__version__}".encode())
    for file in sorted(PACKAGE.rglob("*")):
        if file.suffix in SOURCE_SUFFIXES and "__pycache__" not in file.parts:
            digest.update(file.relative_to(PACKAGE).as_posix().encode() + b"\0")
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]

"""What `timeline serve` adds to the preview: the state of the last build, for the page.

Every HTML page that serve sends (never the files in site/) carries a short
script that asks `STATUS_PATH` once a second for the last build's number and
problems. When the number changes, the page reloads; while the last rebuild
failed, the page shows the problems over itself (file:line:col and the
message, as the terminal prints them), so that the browser never passes off
the last good site as the current one. The overlay goes away, and the page
reloads, when a rebuild succeeds. While what a rebuild deferred (the search
index, the downloads: generator.site.warm) is being brought up to date in the
background, a small note in a corner says so.
"""

from __future__ import annotations

import io
import json
import re
import threading
from typing import TextIO

STATUS_PATH = "/__timeline__/build"
OVERLAY_ID = "timeline-build-problems"
DEFERRED_ID = "timeline-build-deferred"  # the note that search and downloads are not yet updated
# the lines of a build's log that say what is wrong: diagnostics and the tool's own lines
_PROBLEM = re.compile(r"^(?:[^\s:][^:]*:\d+:\d+: (?:error|warning): |timeline: )")

SCRIPT = (
    """<script>(function(){var seen=null;
function show(problems){var box=document.getElementById('%(id)s');
if(!problems.length){if(box){box.remove()}return}
if(!box){box=document.createElement('div');box.id='%(id)s';box.setAttribute('role','alert');
box.style.cssText='position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:10000;'
+'background:#fff4f4;color:#5c0000;border-top:4px solid #c62828;padding:1em 1.2em;'
+'font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,monospace;box-shadow:0 -2px 12px #0004';
document.body.appendChild(box)}
box.textContent='';var h=document.createElement('strong');
h.textContent='The last rebuild failed; this page is the last good build. '
+'Fix the problems below and save: the page reloads.';
box.appendChild(h);problems.forEach(function(p){var line=document.createElement('pre');
line.style.cssText='white-space:pre-wrap;overflow-wrap:anywhere;margin:.6em 0 0';
line.textContent=p;box.appendChild(line)})}
var hidden=false;function later(deferred){var note=document.getElementById('%(note)s');
if(!deferred||!deferred.length||hidden){if(note){note.remove()}return}
if(!note){note=document.createElement('div');note.id='%(note)s';note.setAttribute('role','status');
note.title='Hide';note.onclick=function(){hidden=true;note.remove()};
note.style.cssText='position:fixed;right:.6em;bottom:.6em;z-index:9999;'
+'max-width:min(22em,calc(100vw - 1.2em));background:#fffbe6;color:#4a3b00;'
+'border:1px solid #c9a400;border-radius:4px;padding:.3em .6em;cursor:pointer;'
+'font:12px/1.35 system-ui,sans-serif;box-shadow:0 1px 6px #0003';document.body.appendChild(note)}
note.textContent='Updating '+deferred.join(' and ')+' in the background; until then they '
+'are those of the previous build.'}
function poll(){fetch('%(path)s',{cache:'no-store'}).then(function(r){return r.json()})
.then(function(s){if(seen!==null&&s.build!==seen){location.reload();return}seen=s.build;show(s.problems);later(s.deferred)})
.catch(function(){}).then(function(){setTimeout(poll,300)})}poll()})();</script>"""  # noqa: UP031 (a script's braces)
    % {"id": OVERLAY_ID, "note": DEFERRED_ID, "path": STATUS_PATH}
).encode()


class BuildStatus:
    """The number of the last good build and the problems of the last one, if it failed."""

    def __init__(self) -> None:
        self.generation = 0
        self.problems: list[str] = []
        self.deferred: list[str] = []
        self._lock = threading.Lock()

    def succeeded(self, deferred: list[str] | None = None) -> None:
        """A build put a new site in place; `deferred`: what it left as it was (warm.Preview)."""
        with self._lock:
            self.generation += 1
            self.problems = []
            self.deferred = list(deferred or [])

    def caught_up(self) -> None:
        """The background build brought what was deferred up to date (the pages are the same)."""
        with self._lock:
            self.deferred = []

    def failed(self, log: str) -> None:
        lines = [line for line in log.splitlines() if _PROBLEM.match(line)]
        with self._lock:
            self.problems = lines or ["the build failed; the terminal says why"]

    def as_json(self) -> bytes:
        with self._lock:
            status = {"build": self.generation, "problems": self.problems}
            return json.dumps({**status, "deferred": self.deferred}).encode()


class TeeLog(io.TextIOBase):
    """A log that goes to the terminal and is kept, for the page to show."""

    def __init__(self, terminal: TextIO) -> None:
        self.terminal = terminal
        self.kept = io.StringIO()

    def write(self, text: str) -> int:
        self.terminal.write(text)
        self.terminal.flush()
        return self.kept.write(text)

    def text(self) -> str:
        return self.kept.getvalue()

"""What `timeline serve` adds to the preview: the state of the last build, for the page.

Every HTML page that serve sends (never the files in site/) carries a short
script that asks `STATUS_PATH` once a second for the last build's number and
problems. When the number changes, the page reloads; while the last rebuild
failed, the page shows the problems over itself (file:line:col and the
message, as the terminal prints them), so that the browser never passes off
the last good site as the current one. The overlay goes away, and the page
reloads, when a rebuild succeeds.
"""

from __future__ import annotations

import io
import json
import re
import threading
from typing import TextIO

STATUS_PATH = "/__timeline__/build"
OVERLAY_ID = "timeline-build-problems"
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
h.textContent='The last rebuild failed; this page is the last good build. Fix the problems below and save: the page reloads.';
box.appendChild(h);problems.forEach(function(p){var line=document.createElement('pre');
line.style.cssText='white-space:pre-wrap;overflow-wrap:anywhere;margin:.6em 0 0';
line.textContent=p;box.appendChild(line)})}
function poll(){fetch('%(path)s',{cache:'no-store'}).then(function(r){return r.json()})
.then(function(s){if(seen!==null&&s.build!==seen){location.reload();return}seen=s.build;show(s.problems)})
.catch(function(){}).then(function(){setTimeout(poll,1000)})}poll()})();</script>"""
    % {"id": OVERLAY_ID, "path": STATUS_PATH}
).encode()


class BuildStatus:
    """The number of the last good build and the problems of the last one, if it failed."""

    def __init__(self) -> None:
        self.generation = 0
        self.problems: list[str] = []
        self._lock = threading.Lock()

    def succeeded(self) -> None:
        with self._lock:
            self.generation += 1
            self.problems = []

    def failed(self, log: str) -> None:
        lines = [line for line in log.splitlines() if _PROBLEM.match(line)]
        with self._lock:
            self.problems = lines or ["the build failed; the terminal says why"]

    def as_json(self) -> bytes:
        with self._lock:
            return json.dumps({"build": self.generation, "problems": self.problems}).encode()


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

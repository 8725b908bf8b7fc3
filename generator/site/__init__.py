"""Stage 3, site: the only stage that writes to the disk and runs other programs.

`build` orchestrates a build: `integrity` checks the project before it, the
generator stage (`generate`: load, check, `write` the pages, whose signed list
is the `manifest`) runs in a process of its own (`generator_process`) and
renders on two cores (`workers`), `mkdocs` and `pagefind` run the two tools,
`incremental` decides what a rebuild may reuse, `folders` makes the build's
own folders and swaps the new site into place, and `timings` times the stages.
`serve` previews the site and rebuilds it on every save.
"""

"""Stage 3, site: the only stage that writes to the disk and runs other programs.

`write` puts the generated pages under docs_dir, `incremental` decides what a
rebuild may reuse, `integrity` checks and tidies the tree before a build,
`mkdocs` and `pagefind` run the two tools, `workers` runs the generator's work
on the second core, `build` orchestrates a build, `serve` previews it, and
`atomic` is the one way a file is written so that readers never see half of it.
"""

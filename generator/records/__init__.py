"""Stage 1, records: YAML files in, a checked and frozen dataset out.

`yamltree` reads a file into a positioned tree (`yaml_errors` says what a
parser's error means), `reading`, `fields` and `containers` are the field
types, `schema` declares the record format with them (and its JSON Schema),
`dates` reads the dates, `model` holds the frozen records and the `Dataset`,
`files` and `load` find and read every record, `checks` (with `suggest`,
`lookalikes` and `placeholders`) checks across records, and
`project.load_project` runs them in order. `markdown` says what a record's
Markdown means. `cache` is the one module with an effect on the disk, a cache
of parsed records that only ever saves time; its caller decides when to save
it. Nothing here imports a later stage, writes a file or changes the state of
the process.
"""

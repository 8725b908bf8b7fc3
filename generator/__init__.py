"""Compile YAML event and entity records into a dated, cross-linked MkDocs site."""

__version__ = "0.1.0"

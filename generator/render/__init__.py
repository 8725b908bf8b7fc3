"""Render stage: the model as Markdown pages and assets, as data (nothing is written here)."""

from generator.render.pages import GENERATED_ROOTS, PlannedPage, plan_site, render_site

__all__ = ["GENERATED_ROOTS", "PlannedPage", "plan_site", "render_site"]

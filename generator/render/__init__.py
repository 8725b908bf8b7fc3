"""Render stage: the model as Markdown pages and assets, as data (nothing is written here)."""

from generator.render.pages import PlannedPage, plan_site, render_site

__all__ = ["PlannedPage", "plan_site", "render_site"]

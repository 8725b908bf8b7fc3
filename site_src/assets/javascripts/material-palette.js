/*
 * Material for MkDocs' inline palette script (mkdocs-material 9.x,
 * partials/javascripts/palette.html), as a file every page shares instead of
 * a copy in each (site_src/overrides/partials/javascripts/palette.html loads
 * it right after the palette switch, so it still runs before the first paint).
 * Keep it as Material has it when upgrading. Then one line of this site's own
 * (see site_src/overrides/main.html): the feed links of the page's head, which
 * Material would take for translations of the site, get another rel that still
 * says what they are; here, not inline in every page, and before Material's
 * script at the end of the page reads them.
 */
var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"===palette.color.media){var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector(media.matches?"[data-md-color-media='(prefers-color-scheme: light)']":"[data-md-color-media='(prefers-color-scheme: dark)']");palette.color.media=input.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute("data-md-color-scheme"),palette.color.primary=input.getAttribute("data-md-color-primary"),palette.color.accent=input.getAttribute("data-md-color-accent")}for(var[key,value]of Object.entries(palette.color))document.body.setAttribute("data-md-color-"+key,value)}
document.querySelectorAll('link[rel="alternate"][type="application/atom+xml"]').forEach(function(link){link.rel="alternate feed"});

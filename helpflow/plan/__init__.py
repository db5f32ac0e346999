"""Deciding a site: texts into HTML, Markdown or plain text, pages, widget data, the diagram,
the handout and the branding, as one immutable plan per (school, language). Writes nothing."""

"""Template helpers of the catalogue pages."""

from __future__ import annotations

from collections.abc import Sequence

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from biaozhun.standards.selectors.searching import FacetOption

register = template.Library()

CHECKED = mark_safe(" checked")


@register.simple_tag
def facet_options(options: Sequence[FacetOption], key: str) -> SafeString:
    """The ``<li>`` checkboxes of one facet's options.

    Built here rather than in a template loop: a search page lists some 150 options, and the
    template engine's per-variable lookups were most of the page's time (bench/catalogue_search.py).
    Every value is escaped by ``format_html``.
    """
    return format_html_join(
        "\n",
        '<li><label for="{}"><input type="checkbox" name="{}" value="{}" id="{}"{}> {} '
        '<span class="count">{}</span></label></li>',
        (
            (
                option.input_id,
                key,
                option.value,
                option.input_id,
                CHECKED if option.selected else "",
                option.label,
                f"{option.count:,}",
            )
            for option in options
        ),
    )

"""Markdown to safe HTML: rendered, then sanitised by an allow-list (nh3), once per cache fill.

Teachers write the Markdown, but raw HTML is allowed by Markdown itself: whatever the
source, `<script>`, event handlers (`onerror=`…) and `javascript:` links never survive.
"""

import markdown as markdown_lib
import nh3

EXTENSIONS = ["fenced_code", "tables", "sane_lists"]
ALLOWED_TAGS = {
    *("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"),
    *("ul", "ol", "li", "dl", "dt", "dd", "strong", "em", "del", "sub", "sup"),
    *("a", "img", "code", "pre", "kbd", "table", "thead", "tbody", "tr", "th", "td"),
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "code": {"class"},
    "th": {"align"},
    "td": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def render(source: str) -> str:
    html = markdown_lib.markdown(source, extensions=EXTENSIONS, output_format="html")
    return nh3.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel="noopener noreferrer"
    )

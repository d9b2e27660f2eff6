"""Markdown to safe HTML: rendered, then sanitised by an allow-list (nh3), once per cache fill.

Teachers write the Markdown, but raw HTML is allowed by Markdown itself: whatever the
source, `<script>`, event handlers (`onerror=`…) and `javascript:` links never survive.
Fenced code is highlighted here by Pygments (courses/highlighting.py): the spans and their
classes are part of the cached HTML, so highlighting costs nothing per request.
"""

import markdown as markdown_lib
import nh3

from .highlighting import CSS_CLASS, TOKEN_CLASSES

EXTENSIONS = ["fenced_code", "codehilite", "tables", "sane_lists"]
# No guessing: a block without a language, or with one Pygments does not know, stays plain text.
EXTENSION_CONFIGS = {"codehilite": {"css_class": CSS_CLASS, "guess_lang": False}}
ALLOWED_TAGS = {
    *("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"),
    *("ul", "ol", "li", "dl", "dt", "dd", "strong", "em", "del", "sub", "sup"),
    *("a", "img", "code", "pre", "kbd", "table", "thead", "tbody", "tr", "th", "td"),
    *("div", "span"),
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
}
# Only the classes highlighting needs: a teacher's HTML cannot borrow the site's own classes
# (a fake "message" box, a hidden element) to make content look like the portal's.
ALLOWED_CLASSES = {"div": {CSS_CLASS}, "span": set(TOKEN_CLASSES)}
URL_SCHEMES = {"http", "https", "mailto"}


def render(source: str) -> str:
    html = markdown_lib.markdown(
        source, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html"
    )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )

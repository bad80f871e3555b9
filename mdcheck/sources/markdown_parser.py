"""The one markdown-it parser mdcheck reads Markdown with: CommonMark with tables, front matter,
raw HTML (for directive comments) and the math rules that record source offsets."""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_block import table
from markdown_it.rules_inline import html_inline
from mdit_py_plugins.front_matter import front_matter_plugin

from mdcheck.sources import markdown_block_rules as blocks
from mdcheck.sources import markdown_inline_rules as inline

_INTERRUPTS = ["paragraph", "reference", "blockquote", "list"]


@cache
def markdown_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.use(front_matter_plugin)
    md.block.ruler.at("table", blocks.recording_table_rule(table), {"alt": ["paragraph", "reference"]})
    md.block.ruler.before("fence", "mdcheck_dollar_block", blocks.dollar_block_rule(), {"alt": _INTERRUPTS})
    md.block.ruler.before("fence", "mdcheck_bracket_block", blocks.bracket_block_rule(), {"alt": _INTERRUPTS})
    md.block.ruler.before("blockquote", "mdcheck_amsmath", blocks.amsmath_rule, {"alt": _INTERRUPTS})
    md.inline.ruler.before("escape", "mdcheck_dollar", inline.dollar_rule)
    md.inline.ruler.before("escape", "mdcheck_paren", inline.paren_rule())
    md.inline.ruler.before("escape", "mdcheck_bracket", inline.bracket_rule())
    md.inline.ruler.at("html_inline", inline.recording_html_rule(html_inline))
    return md

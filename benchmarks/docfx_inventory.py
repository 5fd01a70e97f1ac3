"""Inventory of the DocFX/Markdig constructs the corpus uses, counted per locale (what a renderer must handle).

    python benchmarks/docfx_inventory.py [--corpus DIR] [--locale cs-cz]... [--examples]

Each bilingual article is read as Microsoft publishes it in the target language (each segment
replaced by its translation), so markup repeated in a segment's English is not counted twice,
and parsed with markdown-it-py (CommonMark + tables) to know where each construct sits: at the
top level, in a list item, in a blockquote (alert) or in a table cell. Counts are occurrences
unless the row says "articles". Nothing here imports docloc: the figures are the corpus's own.
Corpus text: Microsoft Docs contributors, CC BY 4.0.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from _common import CORPUS, table

LOCALES = ("cs-cz", "de-de", "pl-pl")
SEGMENT = re.compile(
    r'<span data-ttu-id="[^"]*">(.*?)</span><span class="sxs-lookup"><span data-stu-id="[^"]*">.*?</span></span>',
    re.S,
)
FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(?:.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
# Anything DocFX might own: ":::name", "::: name" (zone, moniker), "[!NAME".
TRIPLE_COLON = re.compile(r":::[ \t]*([A-Za-z][A-Za-z0-9-]*)")
IMAGE = re.compile(
    r":::image(?P<attributes>(?:\s+[A-Za-z][A-Za-z0-9-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'))?)*)\s*:::", re.I
)
IMAGE_ATTRIBUTE = re.compile(r"""([A-Za-z][A-Za-z0-9-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'))?""")
IMAGE_KNOWN = frozenset({"alt-text", "border", "lightbox", "link", "loc-scope", "source", "type"})
NOLOC = re.compile(r':::no-loc text="([^"\n]*)":::')
BANG = re.compile(r"\[!([A-Za-z][A-Za-z0-9-]*)")
ALERT_LINE = re.compile(r"^(?P<indent>[ \t]*)>(?P<gap>[ \t]*)\[!(?P<kind>[A-Za-z]+)\](?P<rest>.*)$")
DIV = re.compile(r"\[!div\s+([^\]]*)\]", re.I)
ANCHOR = re.compile(r"<a\s+(name|id)\s*=\s*\"[^\"]*\"\s*(/?)>(\s*</a>)?", re.I)
BARE_URL = re.compile(r"(?<![(<\"'=\[])\bhttps?://[^\s)<>\]]+")
MATH = re.compile(r"(?<![\\$])\$(?=\S)[^$\n]*(?<=\S)\$(?!\d)")
EMOJI = re.compile(r"(?<![\w:]):[a-z0-9_+]+:(?![\w:])")
TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
ALERT_KINDS = ("note", "tip", "important", "caution", "warning")
XREF_SHORT = re.compile(r"(?<!\\)@[A-Za-z][^\s\"'<>\[\]|]*")
# Syntax looked for in the raw text (code included), so that what the corpus does not use shows as 0.
WATCHED = {
    ":::image-end::: (type=complex)": re.compile(r":::image-end:::"),
    ":::row / :::column": re.compile(r":::\s*(?:row|column)\b"),
    ":::zone": re.compile(r":::\s*zone\b"),
    "::: moniker": re.compile(r":::\s*moniker\b"),
    ":::code": re.compile(r":::\s*code\b"),
    ":::video": re.compile(r":::\s*video\b"),
    "[!INCLUDE": re.compile(r"\[!INCLUDE", re.I),
    "[!VIDEO": re.compile(r"\[!VIDEO", re.I),
    "[!div": re.compile(r"\[!div", re.I),
    "[!code-": re.compile(r"\[!code", re.I),
    "tab heading # [x](#tab/y)": re.compile(r"^#{1,6}\s+\[[^\]]*\]\(#tab/", re.M),
    "heading {#id}": re.compile(r"^#{1,6}\s.*\{#[^}]+\}\s*$", re.M),
    "<!-- comment -->": re.compile(r"<!--"),
    "![markdown image](src)": re.compile(r"!\[[^\]]*\]\("),
}
HTML_ELEMENTS = frozenset(
    re.findall(
        r"\w+",
        "a abbr b bdi bdo blockquote br caption cite code col colgroup dd del details dfn div dl dt em figcaption "
        "figure font h1 h2 h3 h4 h5 h6 hr i iframe img ins kbd li mark ol p pre q s samp small span strong sub "
        "summary sup table tbody td tfoot th thead tr u ul var video",
    )
)


def published(bilingual: str) -> str:
    """The target-language article: each segment replaced by its translation, front matter dropped."""
    return FRONT_MATTER.sub("", SEGMENT.sub(lambda m: m.group(1), bilingual), count=1)


def contexts(tokens: list[Token]) -> list[tuple[Token, tuple[str, ...]]]:
    """Each token with the containers it sits in (list_item, blockquote, table), outermost first."""
    stack: list[str] = []
    found = []
    for token in tokens:
        kind = token.type.rsplit("_", 1)[0]
        if token.nesting == 1 and kind in ("list_item", "blockquote", "table"):
            found.append((token, tuple(stack)))
            stack.append(kind)
        elif token.nesting == -1 and kind in ("list_item", "blockquote", "table"):
            stack.pop()
        else:
            found.append((token, tuple(stack)))
    return found


def place(stack: tuple[str, ...]) -> str:
    if "table" in stack:
        return "in a table cell"
    if "list_item" in stack:
        return "in a list item"
    return "in a blockquote" if "blockquote" in stack else "at the top level"


def count_article(text: str, md: MarkdownIt, counts: Counter[str], examples: dict[str, str], name: str) -> None:
    """Add one article's constructs to ``counts`` (key: "section | construct")."""
    lines = text.split("\n")

    def add(key: str, snippet: str = "") -> None:
        counts[key] += 1
        if snippet and key not in examples:
            examples[key] = f"{name}: {snippet.strip()[:150]}"

    for label, pattern in WATCHED.items():
        for match in pattern.finditer(text):
            add(f"watch | {label}", text[match.start() : match.start() + 100])
    items = contexts(md.parse(text))
    for index, (token, stack) in enumerate(items):
        previous = items[index - 1][0] if index else None
        if token.type in ("fence", "code_block"):
            add(f"code | {token.type} {place(stack)}", token.content[:60])
            if token.type == "fence":
                add(f"code | fence info: {token.info.strip().split(' ')[0] or '(none)'}")
            if TRIPLE_COLON.search(token.content) or BANG.search(token.content):
                add("code | DocFX-like text inside code (must stay text)", token.content[:80])
        elif token.type == "blockquote_open" and token.map:
            count_alert(lines[token.map[0] : token.map[1]], stack, add)
        elif token.type in ("html_block", "inline"):
            plain = CODE_SPAN.sub("", token.content) if token.type == "inline" else token.content
            count_images(plain, stack, add)
            count_inline(plain, token, previous, stack, add)
        else:
            count_structure(token, previous, stack, lines, add)


def count_alert(quote: list[str], stack: tuple[str, ...], add: Callable[[str, str], None]) -> None:
    """A blockquote: an alert ("> [!NOTE]" alone on its first line) and its shape, or a plain quote."""
    first = quote[0]
    alert = ALERT_LINE.match(first)
    if not alert:
        if BANG.search(first):
            add("bracket | > [!x] blockquote that is not an alert", first)
        return
    kind = alert["kind"]
    add("alert | alerts (> [!TYPE])", first)
    add(f"alert | type {kind.upper()}", first)
    case = "UPPER" if kind.isupper() else "Capitalised" if kind[:1].isupper() and kind[1:].islower() else "other"
    add(f"alert | spelled {case}", first)
    add(f"alert | {'> [!' if alert['gap'] else '>[!'} (space after >: {'yes' if alert['gap'] else 'no'})", first)
    indent = len(alert["indent"].expandtabs(4))
    add(f"alert | > indented {indent if indent < 4 else '4+'} spaces", first)
    add(f"alert | {place(stack)}", first)
    if alert["rest"].strip():
        add("alert | text after ] on the marker line (DocFX: plain blockquote)", first)
    elif alert["rest"]:
        add("alert | trailing spaces after ]", first)
    body = quote[1:]
    if not any(line.strip(" \t>") for line in body):
        add("alert | empty (marker line only)", first)
    if any(line.strip() and not line.lstrip().startswith(">") for line in body):
        add("alert | lazy continuation line (no >)", first)
    if any(re.fullmatch(r"\s*>\s*", line) for line in body):
        add("alert | several paragraphs (a lone > line)", first)
    if any(re.match(r"\s*>\s*([-*+]|\d+[.)])\s", line) for line in body):
        add("alert | list inside the alert", first)


def count_images(plain: str, stack: tuple[str, ...], add: Callable[[str, str], None]) -> None:
    """Every :::image: where it sits, its attributes (order, values) and what DocFX would reject."""
    images = IMAGE.findall(plain)
    if images:
        rest = IMAGE.sub("", plain).strip()
        shape = "with other text" if rest else "several, nothing else" if len(images) > 1 else "alone"
        add(f":::image | paragraphs holding :::image {shape}", plain)
    for match in IMAGE.finditer(plain):
        attributes = IMAGE_ATTRIBUTE.findall(match["attributes"])
        names = [a[0].lower() for a in attributes]
        values = {a[0].lower(): a[1] or a[2] for a in attributes}
        add(":::image | :::image", match[0])
        add(f":::image | {place(stack)}", match[0])
        add(f":::image | attribute order: {' '.join(names)}", match[0])
        for attribute in names:
            add(f":::image | attribute {attribute}", match[0])
        add(f":::image | type = {values.get('type', '(none)')}", match[0])
        if "border" in values:
            add(f":::image | border = {values['border']}", match[0])
        if "lightbox" in values:
            same = values["lightbox"] == values.get("source")
            add(f":::image | lightbox {'same as' if same else 'differs from'} source", match[0])
        if any(a[2] and not a[1] for a in attributes):
            add(":::image | single-quoted value (DocFX: invalid, left as text)", match[0])
        if set(names) - IMAGE_KNOWN or len(set(names)) < len(names):
            add(":::image | unknown or repeated attribute (DocFX: invalid)", match[0])
        if not values.get("alt-text") and values.get("type") != "icon":
            add(":::image | no alt-text (DocFX: invalid unless type=icon)", match[0])
        if not match[0].startswith(":::image"):
            add(":::image | name not in lower case", match[0])
        if "\n" in match[0]:
            add(":::image | spans several lines", match[0])
        if re.search(r"[*_`<&\[\\]", values.get("alt-text", "")):
            add(":::image | alt-text with Markdown/HTML characters", match[0])


def count_inline(
    plain: str, token: Token, previous: Token | None, stack: tuple[str, ...], add: Callable[[str, str], None]
) -> None:
    """no-loc, other ::: and [! syntax, anchors, raw HTML and Markdig's inline extras, outside code spans."""
    for match in TRIPLE_COLON.finditer(plain):
        if match[1].lower() not in ("image", "no-loc"):
            add(f":::other | :::{match[1]}", plain[match.start() : match.start() + 80])
    for match in NOLOC.finditer(plain):
        add(':::no-loc | :::no-loc text="…":::', match[0])
        add(f":::no-loc | {place(stack)}", match[0])
        if not match[1].isascii():
            add(":::no-loc | non-ASCII text", match[0])
    if plain.count(":::no-loc") > len(NOLOC.findall(plain)):
        add(":::no-loc | malformed (not DocFX's exact grammar: left as text)", plain)
    for match in BANG.finditer(plain):
        if match[1].lower() in ALERT_KINDS:
            if not stack or stack[-1] != "blockquote":
                add("bracket | [!TYPE] outside a blockquote", plain)
        else:
            add(f"bracket | [!{match[1]}", plain[match.start() : match.start() + 80])
    for match in DIV.finditer(plain):
        add(f"bracket | [!div {match[1].strip()}]", match[0])
    for match in ANCHOR.finditer(plain):
        form = f'<a {match[1].lower()}="…"{"/" if match[2] else ""}>{"</a>" if match[3] else ""}'
        first = match.start() == 0 and previous is not None and previous.type == "heading_open"
        add(f"html | anchor {form} {'first in a heading' if first else 'elsewhere'}", match[0])
    for match in TAG.finditer(plain):
        tag = match[1].lower()
        if tag in HTML_ELEMENTS and tag not in ("a", "span"):
            add(f"html | <{tag}> ({token.type.replace('_', ' ')}, {place(stack)})", match[0])
        elif tag not in HTML_ELEMENTS and match[0][1] != "/":
            add("html | <placeholder> that is no HTML element (raw HTML to CommonMark: hidden)", match[0])
    if token.type != "inline":
        return
    for match in BARE_URL.finditer(plain):
        add("markdig | bare URL (Markdig AutoLinks makes it a link)", match[0])
    for match in MATH.finditer(plain):
        add("markdig | $…$ pair (Markdig Mathematics may read it as math)", plain[match.start() : match.end() + 20])
    for match in EMOJI.finditer(plain):
        add("markdig | :shortcode: (Markdig Emoji)", match[0])
    if "~~" in plain:
        add("markdig | ~~strikethrough~~", plain)
    if "<xref:" in plain:
        add("markdig | <xref:uid>", plain)
    for match in XREF_SHORT.finditer(plain):
        add("markdig | @word (DocFX xref shortcut; unresolved: shown as typed)", plain[match.start() :])


def count_structure(
    token: Token, previous: Token | None, stack: tuple[str, ...], lines: list[str], add: Callable[[str, str], None]
) -> None:
    """CommonMark structures Python-Markdown reads differently: list indents and starts, tables in lists."""
    line = lines[token.map[0]] if token.map else ""
    if token.type == "table_open":
        add(f"commonmark | pipe table {place(stack)}", line)
    elif token.type in ("bullet_list_open", "ordered_list_open"):
        if token.type == "ordered_list_open" and str(token.attrGet("start") or 1) != "1":
            add("commonmark | ordered list starting at n > 1", line)
        if "list_item" not in stack:
            return
        if previous is not None and previous.type == "list_item_open" and token.map[0] == previous.map[0]:
            add("commonmark | list opening on its parent item's line ('- 3. dubna' is a list in a list)", line)
        else:
            indent = len(line) - len(line.lstrip())
            add(f"commonmark | nested list, marker indented {indent if indent < 5 else '5+'} spaces", line)
    elif token.type == "list_item_open" and token.map and token.map[1] - token.map[0] > 1:
        marker = re.match(r"\s*(\d+[.)]|[-*+])(\s*)", line)
        if marker:
            width = len(marker[0]) - len(line) + len(line.lstrip())
            add(f"commonmark | multi-line list item, marker + gap {width if width < 5 else '5+'} columns wide", line)


def inventory(corpus: Path, locales: list[str]) -> tuple[dict[str, Counter[str]], dict[str, Counter[str]], dict]:
    """Occurrences and articles per construct and locale, and one example of each."""
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    occurrences: dict[str, Counter[str]] = {}
    articles: dict[str, Counter[str]] = {}
    examples: dict[str, str] = {}
    for locale in locales:
        occurrences[locale] = Counter()
        articles[locale] = Counter()
        for path in sorted((corpus / locale / "bilingual").rglob("*.md")):
            name = path.relative_to(corpus / locale / "bilingual").as_posix()
            one: Counter[str] = Counter()
            count_article(published(path.read_text(encoding="utf-8-sig")), md, one, examples, f"{locale}/{name}")
            occurrences[locale].update(one)
            articles[locale].update(one.keys())
    return occurrences, articles, examples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--locale", action="append", help=f"corpus locale (repeatable; default {', '.join(LOCALES)})")
    parser.add_argument("--examples", action="store_true", help="one example (article: text) of each construct")
    args = parser.parse_args()
    locales = [loc for loc in (args.locale or LOCALES) if (args.corpus / loc / "bilingual").is_dir()]
    if not locales:
        print(f"no corpus locale under {args.corpus}")
        return
    occurrences, articles, examples = inventory(args.corpus, locales)
    keys = sorted({key for counter in occurrences.values() for key in counter} | {f"watch | {w}" for w in WATCHED})
    sections: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        sections[key.split(" | ", 1)[0]].append(key)
    print(f"DocFX/Markdig constructs in {args.corpus} (occurrences; 'articles' = articles using it, all locales)")
    order = (":::image", ":::no-loc", ":::other", "alert", "bracket", "watch", "html", "markdig", "commonmark", "code")
    for section in order:
        if section not in sections:
            continue
        rows = [[section, *locales, "total", "articles"]]
        for key in sections[section]:
            figures = [occurrences[loc][key] for loc in locales]
            rows.append([key.split(" | ", 1)[1], *map(str, figures), str(sum(figures)),
                         str(sum(articles[loc][key] for loc in locales))])  # fmt: skip
        print()
        print(table(rows))
        if args.examples:
            for key in sections[section]:
                if key in examples:
                    print(f"    e.g. {key.split(' | ', 1)[1]}: {examples[key]}")


if __name__ == "__main__":
    main()

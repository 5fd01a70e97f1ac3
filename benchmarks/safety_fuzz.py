"""Hostile translations against the safety rule's page-region judgement: regions versus the whole page.

``judge_article`` renders only the regions of a page that hold a sensitive translation; with
``regions=False`` it renders the whole page (the reference). For random hostile translations placed
in the guide's and the corpus's articles, and on made-up pages mixing raw HTML, fences, tables,
lists and DocFX images (deterministic seed), this prints how many cases were tried, in how many the
two judgements differ, the holes (what the regions publish, the whole page refuses when it judges it
again), crashes, and pages where ``segmenter.block_starts`` gives a line the parser starts no block at.
Each finding is written to standard error.

    python benchmarks/safety_fuzz.py [cases] [seed]
"""

from __future__ import annotations

import random
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace

from _common import CORPUS
from docloc.checks import safety  # its private page rounds, counted
from docloc.checks.safety import judge_article
from docloc.errors import DoclocError
from docloc.fileio import read_text
from docloc.formats.sxs import read_bilingual
from docloc.markdown.parser import parse_blocks
from docloc.markdown.segmenter import block_starts

SHARED = CORPUS.parent  # ../shared beside the clone: the guide and the corpus

# Pieces that reach beyond a sentence: raw HTML openers and closers (types 1-7), code spans holding
# them, fences, table syntax, DocFX constructs, entities, escapes, emphasis and link delimiters.
FRAGMENTS = [
    "*", "**", "_", "`", "``", "~~", "[", "]", "![", "](x.md)", "<", ">", "&", "&amp", "\\", "|", "a | b",
    "<!--", "-->", "<!-->", "<!--->", "<?", "?>", "<![CDATA[", "]]>", "<!doctype", "<!DOCTYPE", "<!x",
    "<script", "<pre", "<style", "<textarea", "</script>", "</pre>", "</style>", "</textarea>",
    "`</pre>`", "`</script>`", "`-->`", "`?>`", "`]]>`", "`>`", "<b>", "</div>", "<div", "<a", "<kbd>",
    "```", "~~~", ":::", ":::image-end:::", "[!NOTE]", "[!INCLUDE[x](x.md)]", "&lt;", "&#96;", "&#124;",
    " \\", "  ", "\t", "| --- |", "|---|", ":--", "--|", "- ", "1. ", "> ", "# ", "===", "---",
]  # fmt: skip
# What a translation may start a line with after a line break of its own (a multi-line English sentence).
LINE_STARTS = [
    "<!-->", "<!--->", "<!doctype", "<!x", "<script", "<pre", "<style", "<textarea", "<!--", "<?", "```", "~~~",
    "    ", "\t", "> ", "- ", "1. ", "# ", "===", "---", "| a |", "|---|", ":::image-end:::", "[!NOTE]", "<div>",
    "",
]  # fmt: skip


def articles() -> list:
    """The bilingual articles of the guide and the corpus (their bodies' segments and chunks)."""
    paths = sorted((SHARED / "guide").rglob("*.md")) + sorted((SHARED / "corpus").glob("*/bilingual/**/*.md"))
    found = []
    for path in paths:
        try:
            found.append(read_bilingual(read_text(path), path.name, str(path)))
        except DoclocError:
            continue
    return found


def hostile(pick: random.Random, source: str, target: str) -> str:
    """A hostile translation: fragments put at the start, the end or inside; a multi-line English keeps
    its number of lines (so that the regions judge it) with a fragment opening one of them."""
    base = target or source
    if "\n" in source and pick.random() < 0.7:
        words = base.replace("\n", " ").split(" ")
        cut = sorted(pick.sample(range(1, len(words)), min(source.count("\n"), len(words) - 1)))
        pieces, last = [], 0
        for at in cut:
            pieces.append(" ".join(words[last:at]))
            last = at
        pieces.append(" ".join(words[last:]))
        while len(pieces) <= source.count("\n"):
            pieces.append(pick.choice(LINE_STARTS) + "x")
        return "\n".join(
            piece if i == 0 else pick.choice(LINE_STARTS) + pick.choice(["", " "]) + piece
            for i, piece in enumerate(pieces)
        )
    tags = [m.group() for m in re.finditer(r"</?[A-Za-z][^<>]*>|-->|[`*_|\\<>\[\]]", source)]
    if tags and pick.random() < 0.15:  # the English's markup, a piece of it left out
        return base.replace(pick.choice(tags), "", 1)
    fragments = "".join(pick.choice(FRAGMENTS) for _ in range(pick.choice([1, 1, 2, 3])))
    where = pick.randrange(4)
    if where == 0:
        return fragments + base
    if where == 1:
        return base + fragments
    if where == 2:
        at = pick.randrange(len(base) + 1)
        return base[:at] + fragments + base[at:]
    return fragments


# Lines of a made-up English page (block_starts follows fences and raw HTML by line; the parser has the
# last word), and the places a sentence takes on a line.
PAGE_LINES = [
    "", "", "", "```", "```html", "~~~", "<!--", "-->", "<!-- note -->", "<!-->", "<pre>", "</pre>", "<script>",
    "</script>", "<style>", "</style>", "<textarea>", "</textarea>", "<div>", "</div>", "<table>", "</table>",
    "<!doctype html>", "<?php", "?>", "a --> b", "x </script> y", "- item", "1. item", "> quote", "    code",
    "| a | b |", "|---|---|", "# Heading", "===", "---", "[!NOTE]", "> [!NOTE]",
    ':::image type="complex" source="a.png" alt-text="A diagram.":::', ":::image-end:::",
]  # fmt: skip
TEXT_PLACES = [
    ("", ""),
    ("- ", ""),
    ("1. ", ""),
    ("> ", ""),
    ("<td>", "</td>"),
    ("| ", " | b |"),
    ("## ", ""),
    ("", " `</pre>`"),
]


def made_up_page(pick: random.Random) -> tuple[list, list[str]]:
    """A made-up page (chunks and segments with English sources and hostile translations)."""
    from docloc.model import Segment

    chunks, segments, pending = [], [], ""
    lines = pick.sample(PAGE_LINES, pick.choice([4, 8, len(PAGE_LINES)]))  # a few kinds of line: denser mixes
    for number in range(pick.randrange(8, 30)):
        if pick.random() < 0.45:
            before, after = pick.choice(TEXT_PLACES)
            source = f"Sentence {number} says *this*." if pick.random() < 0.2 else f"Sentence {number} is here."
            target = hostile(pick, source, source.replace("Sentence", "Věta")) if pick.random() < 0.4 else ""
            chunks.append(pending + before)
            if pick.random() < 0.2:  # two sentences of a line that together make a link to another site
                segments.append(Segment(source, source + " ["))
                chunks.append(" ")
                source, target = f"Then {number}.", f"](https://evil.example/{number}) Pak."
            segments.append(Segment(source, target))
            pending = after + "\n"
        else:
            pending += pick.choice(lines) + "\n"
    chunks.append(pending)
    return segments, chunks


def hostile_cases(pick: random.Random, count: int) -> Iterator[tuple[str, list, list[str], object]]:
    """(kind, segments, chunks, what to show) of ``count`` cases: the guide's and the corpus's articles with
    some translations made hostile, and made-up pages, one after the other."""
    pages = [article for article in articles() if article.segments]
    multi = [article for article in pages if any("\n" in s.source for s in article.segments)]
    for case in range(count):
        if case % 2:
            segments, chunks = made_up_page(pick)
            yield "made-up", segments, chunks, ("".join(c + s.source for c, s in zip(chunks, segments)), segments)
            continue
        article = pick.choice(multi if pick.random() < 0.3 else pages)
        targets = [s.target for s in article.segments]
        chosen = [i for i, s in enumerate(article.segments) if "\n" in s.source and pick.random() < 0.8]
        chosen += [pick.randrange(len(targets)) for _ in range(pick.choice([1, 2, 3, 5]))]
        for index in chosen:
            targets[index] = hostile(pick, article.segments[index].source, article.segments[index].target)
        segments = [replace(s, target=t) for s, t in zip(article.segments, targets)]
        yield "corpus", segments, article.chunks, (article.name, pages.index(article), {i: targets[i] for i in chosen})


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    tried: Counter[str] = Counter()
    found: Counter[str] = Counter()
    rounds: Counter[str] = Counter()
    judge_regions = safety._region_difference

    def counted(*args: object) -> object:  # how often the regions decide, rather than the whole page
        outcome = judge_regions(*args)
        rounds["handed to the whole page" if outcome is safety._UNSURE else "decided by regions"] += 1
        return outcome

    safety._region_difference = counted
    for kind, segments, chunks, shown in hostile_cases(random.Random(seed), count):
        tried[kind] += 1
        for use in (False, True):  # block_starts must give only lines where the parser starts a block
            text = "".join(c + (s.target if use and s.target else s.source) for c, s in zip(chunks, segments))
            text += chunks[-1]
            tops = {
                token.map[0]
                for token in parse_blocks(text)
                if token.map and (token.level == 0 or (token.level == 1 and token.type == "list_item_open"))
            }
            if "\r" not in text and "\0" not in text and not set(block_starts(text.split("\n"))) <= tops | {0}:
                found["block starts the parser does not have"] += 1
                print("BLOCK START", kind, shown, use, file=sys.stderr)
        try:
            judged = judge_article(segments, chunks)
            if judged != judge_article(segments, chunks, regions=False):
                found["differences"] += 1
                print("DIFFERENCE", kind, shown, file=sys.stderr)
            found["refusing"] += bool(judged.refused)
            published = [replace(s, target=p or "") for s, p in zip(segments, judged.published)]
            again = judge_article(published, chunks, regions=False).refused
        except Exception as error:  # noqa: BLE001 - a crash is a finding too
            found["crashes"] += 1
            print("CRASH", kind, shown, repr(error), file=sys.stderr)
            continue
        if again:
            found["holes"] += 1
            print("HOLE", kind, shown, {i: published[i].target for i in again}, file=sys.stderr)
    print(f"cases tried: {sum(tried.values())} ({dict(tried)}; seed {seed}), with a refusal: {found['refusing']}")
    print(f"page rounds: {dict(rounds)}")
    print(f"differences (the regions' refusals are not the whole page's): {found['differences']}")
    print(f"holes (what the regions publish, the whole page refuses): {found['holes']}")
    print(f"crashes: {found['crashes']}")
    print(f"pages whose block_starts the parser contradicts: {found['block starts the parser does not have']}")


if __name__ == "__main__":
    main()

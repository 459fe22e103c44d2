#!/usr/bin/env python3
"""LIX readability of a content page (Danish or English).

    LIX = words / sentences + 100 * long words / words

where a long word has more than six letters. The formula is the same for every
language. Reads a page under content/: strips the TOML front matter, the headings'
{#...} attributes, shortcode lines ({{ ... }} and {% ... %}), Markdown syntax and link
targets, then splits the text into sentences (at . ! ? : ; and at the end of a heading,
a list item, a table row or a paragraph) and words.

    scripts/lix.py content/vores-dialog.md                 # the figures
    scripts/lix.py --long content/vores-dialog.md          # + each sentence over 35 words
    scripts/lix.py --json content/*.md                     # the figures as JSON
    scripts/lix.py --max 25 --long content/integration.md  # another limit

Danish bands (Björnsson): under 25 very easy, 25-34 easy, 35-44 medium,
45-54 hard, 55 and over very hard.
"""

import argparse
import json
import re
import sys

# Abbreviations after which a full stop does not end the sentence, even before a
# capital letter ("jf. GDPR art. 6", "f.eks. SKAT"), lower case, without the last dot.
NEVER_END = {
    "jf", "jvf", "f.eks", "fx", "bl.a", "pkt", "stk", "nr", "art", "hhv", "ca", "dvs",
    "evt", "inkl", "ekskl", "el", "cf", "e.g", "i.e", "att", "tlf", "ift", "iht", "vedr",
    "mht", "pga", "ang", "st", "dr", "mr", "mrs", "ms", "no", "vs", "kap", "afs",
}

SHORTCODE = re.compile(r"^\s*(\{\{.*\}\}|\{%.*%\})\s*$")
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
ATTRS = re.compile(r"\s*\{#[^}]*\}\s*$")
LIST_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d{1,9}[.)])\s+(.*)$")
FENCE = re.compile(r"^\s*(```|~~~)")
TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
LINK = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)")
REF_LINK = re.compile(r"\[([^\]]*)\]\[[^\]]*\]")
REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+")
AUTOLINK = re.compile(r"<(https?://[^>]+|[^>@\s]+@[^>\s]+)>")
HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
EMPHASIS = re.compile(r"(\*\*|__|\*|`+|~~)")
LONE_UNDERSCORE = re.compile(r"(?<![\w])_+|_+(?![\w])")
LETTER = re.compile(r"[^\W\d_]")
ALNUM = re.compile(r"[^\W_]")


def strip_front_matter(lines):
    """The body's lines with their 1-based file line numbers."""
    start = 0
    if lines and lines[0].strip() in ("+++", "---"):
        fence = lines[0].strip()
        for i in range(1, len(lines)):
            if lines[i].strip() == fence:
                start = i + 1
                break
    return [(i + 1, lines[i]) for i in range(start, len(lines))]


def inline_text(s):
    """Markdown inline syntax off: link text kept, link targets, tags and marks dropped."""
    s = IMAGE.sub(r"\1", s)
    s = LINK.sub(r"\1", s)
    s = REF_LINK.sub(r"\1", s)
    s = AUTOLINK.sub(r"\1", s)
    s = HTML_TAG.sub(" ", s)
    s = EMPHASIS.sub("", s)
    s = LONE_UNDERSCORE.sub("", s)
    s = s.replace("\\", "")
    return s


def blocks(body):
    """(first line, text) of each block that ends a sentence at its end: a heading, a
    list item, a table row or a paragraph."""
    out = []
    para, para_line = [], None
    item, item_line = None, None
    in_fence = False

    def flush_para():
        nonlocal para, para_line
        if para:
            out.append((para_line, " ".join(para)))
        para, para_line = [], None

    def flush_item():
        nonlocal item, item_line
        if item is not None:
            out.append((item_line, item))
        item, item_line = None, None

    text = "\n".join(l for _, l in body)
    if "<!--" in text:
        # Comments may span lines: blank them out but keep the line count.
        cleaned = HTML_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text).split("\n")
        body = [(n, cleaned[k]) for k, (n, _) in enumerate(body)]

    for n, raw in body:
        line = raw.rstrip("\n")
        if FENCE.match(line):
            flush_para(); flush_item()
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if not line.strip():
            flush_para(); flush_item()
            continue
        if SHORTCODE.match(line) or REF_DEF.match(line):
            flush_para(); flush_item()
            continue
        h = HEADING.match(line)
        if h:
            flush_para(); flush_item()
            out.append((n, ATTRS.sub("", h.group(2))))
            continue
        if line.lstrip().startswith("|"):
            flush_para(); flush_item()
            if not TABLE_SEP.match(line):
                for cell in line.strip().strip("|").split("|"):
                    if cell.strip():
                        out.append((n, cell.strip()))
            continue
        li = LIST_ITEM.match(line)
        if li:
            flush_para(); flush_item()
            item, item_line = li.group(2), n
            continue
        stripped = re.sub(r"^\s*(>\s*)+", "", line).strip()
        if item is not None and raw[:1].isspace():
            item += " " + stripped  # a list item's continuation line
            continue
        flush_item()
        if para_line is None:
            para_line = n
        para.append(stripped)
    flush_para(); flush_item()
    return [(n, inline_text(t)) for n, t in out]


def sentences(text):
    """Split one block's text at . ! ? : ; (not after an abbreviation or before a
    lower-case letter or a digit, so "stk. 1", "f.eks. navn" and "27. april" hold)."""
    out, start = [], 0
    for m in re.finditer(r"[.!?:;]+(?=\s|$)", text):
        end = m.end()
        rest = text[end:].lstrip()
        punct = m.group(0)
        if punct[-1] == "." and rest:
            before = text[start:m.start()].split()
            last = before[-1].lower().strip("(\"'“”‘’") if before else ""
            if last in NEVER_END:
                continue
            first = rest[0]
            if first.islower() or first.isdigit() or first in "(§,–-":
                continue
        out.append(text[start:end])
        start = end
    out.append(text[start:])
    return [s.strip() for s in out if words(s)]


def words(text):
    toks = []
    for t in text.split():
        # "Dialogteamet/Vores" is two words; "2016/679" and "www.x.dk" are one.
        parts = re.split(r"(?<=[^\W\d_])/(?=[^\W\d_])", t)
        toks.extend(p for p in parts if ALNUM.search(p))
    return toks


def is_long(word):
    return len(LETTER.findall(word)) > 6


def measure(path, limit):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    found = []
    for n, block in blocks(strip_front_matter(lines)):
        for s in sentences(block):
            found.append((n, s))
    n_words = n_long = 0
    long_sentences = []
    for n, s in found:
        w = words(s)
        n_words += len(w)
        n_long += sum(1 for x in w if is_long(x))
        if len(w) > limit:
            long_sentences.append({"line": n, "words": len(w), "text": s})
    n_sent = len(found)
    wps = n_words / n_sent if n_sent else 0.0
    pct = 100.0 * n_long / n_words if n_words else 0.0
    return {
        "file": path,
        "lix": round(wps + pct, 1),
        "band": band(wps + pct),
        "words": n_words,
        "sentences": n_sent,
        "words_per_sentence": round(wps, 1),
        "long_words": n_long,
        "long_words_percent": round(pct, 1),
        "limit": limit,
        "sentences_over_limit": len(long_sentences),
        "longest_sentence": max((len(words(s)) for _, s in found), default=0),
        "long_sentences": long_sentences,
    }


def band(lix):
    if lix < 25:
        return "very easy"
    if lix < 35:
        return "easy"
    if lix < 45:
        return "medium"
    if lix < 55:
        return "hard"
    return "very hard"


def main(argv=None):
    ap = argparse.ArgumentParser(description="LIX readability of content pages (Markdown with front matter).")
    ap.add_argument("files", nargs="+", metavar="PAGE", help="a page, e.g. content/vores-dialog.md")
    ap.add_argument("--long", action="store_true", help="list each sentence over the limit with its line number")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--max", type=int, default=35, metavar="N", help="a long sentence has more than N words (default 35)")
    args = ap.parse_args(argv)

    results = []
    for path in args.files:
        try:
            r = measure(path, args.max)
        except OSError as e:
            print(f"lix.py: {e}", file=sys.stderr)
            return 2
        if not args.long:
            r = {k: v for k, v in r.items() if k != "long_sentences"}
        results.append(r)

    if args.json:
        print(json.dumps(results[0] if len(results) == 1 else results, ensure_ascii=False, indent=2))
        return 0
    for i, r in enumerate(results):
        if i:
            print()
        print(r["file"])
        print(f"  LIX                    {r['lix']:.1f} ({r['band']})")
        print(f"  words per sentence     {r['words_per_sentence']:.1f}  ({r['words']} words, {r['sentences']} sentences, longest {r['longest_sentence']})")
        print(f"  long words (>6 letters) {r['long_words_percent']:.1f} %")
        print(f"  sentences over {r['limit']} words {r['sentences_over_limit']}")
        for s in r.get("long_sentences", []):
            print(f"    line {s['line']} ({s['words']} words): {s['text']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

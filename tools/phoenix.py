"""Minimal reader for TABARI/PETRARCH `.actors` dictionaries (Phoenix files).

Format (see the header of Phoenix.Countries.actors.txt and the PETRARCH2 docs):

    PRIMARY_NAME_  [CODE]          # primary entry, optional inline code
    +ALIAS_ONE_                    # aliases, one per line
    	[CODE 000101-080507]       # (tab-indented) date-ranged codes
    	[CODE >911221]             # open-ended range ("from"), "<date" = "until"

Underscores stand for spaces; a trailing underscore only marks a word end.
`#` starts a comment. Dates are YYMMDD (or YYYYMMDD); a two-digit year is read
as 19YY when >= 30, else 20YY (the files were frozen in 2014).
"""
import re

CODE_RE = re.compile(r"\[([A-Z0-9]+)(?:\s+([<>]?)(\d{6,8})(?:-(\d{6,8}))?)?\s*\]")


def year_of(date):
    """YYMMDD or YYYYMMDD -> year (int)."""
    if len(date) == 8:
        return int(date[:4])
    yy = int(date[:2])
    return 1900 + yy if yy >= 30 else 2000 + yy


def clean(raw):
    """'NORTH_KOREAN_ ' -> 'NORTH KOREAN'."""
    return re.sub(r"\s+", " ", raw.replace("_", " ")).strip()


def parse_codes(text):
    """All [CODE ...] groups in text -> list of (code, from_year, until_year)."""
    out = []
    for code, op, d1, d2 in CODE_RE.findall(text):
        start = end = None
        if d1:
            if op == "<":
                end = year_of(d1)
            elif op == ">":
                start = year_of(d1)
            else:
                start = year_of(d1)
                end = year_of(d2) if d2 else None
        out.append((code, start, end))
    return out


def read_entries(path):
    """Yield dicts {name, aliases, codes, line} for every entry of the file."""
    entries = []
    cur = None
    with open(path, encoding="utf-8", errors="replace") as f:
        for lineno, line in enumerate(f, 1):
            body = line.split("#", 1)[0].rstrip("\n")
            if not body.strip():
                continue
            if body.startswith("+"):
                if cur is not None:
                    alias = clean(CODE_RE.sub("", body[1:]))
                    if alias:
                        cur["aliases"].append(alias)
                    cur["codes"].extend(parse_codes(body))
            elif body[0] in "\t ":
                if cur is not None:
                    cur["codes"].extend(parse_codes(body))
            else:
                name = clean(CODE_RE.sub("", body))
                cur = {"name": name, "aliases": [], "codes": parse_codes(body), "line": lineno}
                entries.append(cur)
    return entries

#!/usr/bin/env python3
"""Generate schema/actors.ron, the actor gazetteer of actorgraph.

Sources
  * pycountry (ISO 3166-1): state names, official names, alpha-3 codes.
  * PETRARCH2 Phoenix dictionaries (MIT, frozen 2014):
      Phoenix.Countries.actors.txt      demonyms (+NORTH_KOREAN ...); cross-check
                                        of curated capitals and people
      Phoenix.International.actors.txt  cross-check of organisations
      Phoenix.MilNonState.actors.txt    cross-check / spellings of armed groups
  * curated tables in tools/data/*.tsv (one fact per line, see each header).
  * /work/shared/eval/actors.tsv is used ONLY to check that the scorer
    recognises each of our ids as itself; nothing is copied from it.

Usage
  python3 tools/gen_actors.py > schema/actors.ron
  options: --phoenix DIR (default ../shared/petrarch from the repo root),
           --eval DIR (default ../shared/eval), --quiet (no report on stderr).

The RON goes to stdout; a report (provenance, dropped names, collisions, the
scorer check) goes to stderr. Output is deterministic (everything sorted).
Exit status 1 if a consistency check fails (unknown actor in a table, a name
still claimed by two actors, an id the scorer does not recognise is only a
warning).
"""
import argparse
import collections
import os
import re
import sys
import unicodedata

import pycountry

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = os.path.join(HERE, "data")
sys.dont_write_bytecode = True  # keep tools/ free of __pycache__
sys.path.insert(0, HERE)
import phoenix  # noqa: E402  (tools/phoenix.py)

KIND_ORDER = ["State", "Igo", "Party", "ArmedGroup", "Other"]

# Names that are ordinary English words (or collide with them) are never used
# as aliases: the engine matches mixed-case names case-insensitively.
# (Acronyms in capitals are exempt: the engine matches them case-sensitively,
# so "US" does not match "us".) Ids are never filtered: "Chad" stays a state.
COMMON_WORDS = {"is", "and", "are", "can", "mp", "revival", "left", "male", "victoria"}

# Phoenix uses a few non-ISO codes.
PHOENIX_CODE = {"TMP": "TLS", "KSV": "XKX"}

# Demonym suffix rule (see derive_demonyms).
DEMONYM_SUFFIXES = ["", "n", "an", "ian", "ean", "ese", "i", "ish", "er", "ot", "iot"]
DEMONYM_ENDINGS = ("an", "ese", "i", "ish", "er", "ot")
PLURAL_ENDINGS = ("an", "i", "er", "ot")

# ----------------------------------------------------------------- helpers


def log(*a):
    if not ARGS.quiet:
        print(*a, file=sys.stderr)


def read_tsv(name, ncols):
    """Rows of tools/data/NAME (comments and blank lines skipped), padded."""
    rows = []
    with open(os.path.join(DATA, name), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) > ncols:
                sys.exit(f"{name}: too many columns: {line!r}")
            rows.append([c.strip() for c in cols] + [""] * (ncols - len(cols)))
    return rows


def split_bar(s):
    return [x.strip() for x in s.split("|") if x.strip()]


def phx_key(s):
    """Phoenix comparison key: upper case ASCII, '_' and '-' as spaces
    (Phoenix spells "BOGOTA", "PORT AU PRINCE")."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", re.sub(r"[_-]", " ", s)).strip().upper()


def title_case(upper):
    """'NORTH KOREAN' -> 'North Korean', 'SAUDI ARABIAN' -> 'Saudi Arabian'."""
    return " ".join(w[:1] + w[1:].lower() for w in upper.split(" "))


def is_acronym(s):
    letters = re.sub(r"[^A-Za-z]", "", s)
    return bool(letters) and letters.isupper() and len(letters) <= 6


def scorer_norm(s):
    """Same normalisation as /work/shared/eval/score.py (norm_text)."""
    s = s.strip().lower().replace("\u2019", "'")
    s = re.sub(r"^the\s+", "", s)
    s = re.sub(r"[^\w' ]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def ron_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def name_key(s):
    """Key under which the engine (src/schema/mod.rs, name_key) sees two
    names as the same: trimmed, curly apostrophe folded, lower case. Its
    validation rejects a key owned by two actors (ids and codes included)."""
    return s.strip().replace("\u2019", "'").lower()


# ----------------------------------------------------------------- actors


class Actor:
    def __init__(self, id, kind, code=None):
        self.id, self.kind, self.code = id, kind, code
        self.names, self.capitals, self.seats, self.demonyms, self.regions = [], [], [], [], []
        self.context_names = []  # (name, [after actor ids])
        self.source = {}  # name -> provenance tag, for the report

    def add(self, field, name, source):
        name = re.sub(r"\s+", " ", name).strip()
        if not name or name == self.id:
            return
        lst = getattr(self, field)
        if name not in lst:
            lst.append(name)
            self.source.setdefault(name, source)

    def all_names(self):
        for field in ("names", "capitals", "seats", "demonyms", "regions"):
            for n in getattr(self, field):
                yield field, n


def load_states():
    """UN members + observers + Taiwan (pycountry) + Kosovo (curated)."""
    overrides = {iso: canon for iso, canon in read_tsv("canonical_overrides.tsv", 2)}
    used_overrides = set()
    keep = read_tsv("un_members.tsv", 2)
    n_members = sum(1 for _, st in keep if st == "member")
    if n_members != 193:
        sys.exit(f"un_members.tsv: expected 193 UN members, found {n_members}")
    extra = {code: (canon, official) for canon, code, official in read_tsv("extra_states.tsv", 3)}
    states = {}
    for alpha3, status in keep:
        c = pycountry.countries.get(alpha_3=alpha3)
        if c is None:
            if alpha3 not in extra:
                sys.exit(f"{alpha3}: not in pycountry and not in extra_states.tsv")
            canon, official = extra[alpha3]
            a = Actor(canon, "State", alpha3)
            a.add("names", official, "extra_states.tsv")
            states[alpha3] = a
            continue
        canon = overrides.get(c.name, c.name)
        if c.name in overrides:
            used_overrides.add(c.name)
        a = Actor(canon, "State", alpha3)
        for attr in ("name", "official_name", "common_name"):
            v = getattr(c, attr, None)
            if not v:
                continue
            v = re.sub(r"^the\s+", "", v)
            if "," in v or "(" in v:  # "Korea, Republic of", "Holy See (Vatican
                continue              # City State)": ISO forms, not news text
            a.add("names", v, "pycountry")
        states[alpha3] = a
    unused = set(overrides) - used_overrides
    if unused:
        sys.exit(f"canonical_overrides.tsv: ISO names not found: {sorted(unused)}")
    return states


def phoenix_countries(path):
    """alpha3 -> Phoenix country entry (the entry with the longest alias list
    among those whose open-ended code is that 3-letter code)."""
    best = {}
    for e in phoenix.read_entries(path):
        for code, _start, end in e["codes"]:
            if len(code) == 3 and end is None:
                code = PHOENIX_CODE.get(code, code)
                if code not in best or len(e["aliases"]) > len(best[code]["aliases"]):
                    best[code] = e
    return best


def derive_demonyms(actor, entry):
    """Pick demonyms out of a Phoenix country alias list.

    A Phoenix alias A (upper case) is a demonym of a country whose base name
    B is the Phoenix primary name, the canonical id or pycountry name, if
    A == stem + suffix where stem is B (or its last word) minus 0-2 final
    letters or minus a final -ISTAN/-STAN, suffix is one of DEMONYM_SUFFIXES,
    and A ends like a demonym (-an, -ese, -i, -ish, -er, -ot; or is a bare
    -stan stem: AFGHAN, KYRGYZ, UZBEK). Misspellings that slip through are
    removed with "-form" lines in demonyms.tsv.
    """
    bases = {entry["name"], actor.id.upper()} | {n.upper() for n in actor.names}
    stems = set()
    for b in bases:
        last = b.split(" ")[-1]
        # whole name ("NORTH KOREA" -> "NORTH KOREAN"), or its last word
        # alone ("UNITED ARAB EMIRATES" -> "EMIRATI", "EL SALVADOR" -> "SALVADORAN")
        for prefix, whole in {("", b), (b[: len(b) - len(last)], last), ("", last)}:
            for k in range(0, 3):
                if len(whole) - k >= 3:
                    stems.add((prefix + whole[: len(whole) - k], False))
            m = re.match(r"^(.{3,}?)I?STAN$", whole)
            if m:
                stems.add((prefix + m.group(1), True))
    out = []
    for alias in entry["aliases"]:
        if alias in bases or alias.endswith("S") or len(alias.split()) > 3:
            continue
        for stem, stan in stems:
            if not alias.startswith(stem):
                continue
            suf = alias[len(stem):].lower()
            if suf not in DEMONYM_SUFFIXES:
                continue
            if stan and suf in ("", "i"):
                out.append(alias)
                break
            if alias.lower().endswith(DEMONYM_ENDINGS):
                out.append(alias)
                break
    return [title_case(a) for a in out]


# ----------------------------------------------------------------- main


def main():
    phx_dir = ARGS.phoenix
    problems = []

    # --- states --------------------------------------------------------
    states = load_states()
    by_id = {a.id: a for a in states.values()}

    def actor_of(name, where):
        if name not in by_id:
            problems.append(f"{where}: unknown actor {name!r}")
            return None
        return by_id[name]

    # --- organisations and groups -------------------------------------
    intl = phoenix.read_entries(os.path.join(phx_dir, "Phoenix.International.actors.txt"))
    mil = phoenix.read_entries(os.path.join(phx_dir, "Phoenix.MilNonState.actors.txt"))

    def phx_names(entries):
        s = set()
        for e in entries:
            s.add(phx_key(e["name"]))
            s.update(phx_key(a) for a in e["aliases"])
        return s

    intl_names, mil_names = phx_names(intl), phx_names(mil)
    phx_confirmed, phx_missing = [], []
    for id, code, names, phx in read_tsv("organisations.tsv", 4):
        a = Actor(id, "Igo", code or None)
        for n in split_bar(names):
            a.add("names", n, "organisations.tsv")
        by_id[id] = a
        for p in split_bar(phx):
            (phx_confirmed if phx_key(p) in intl_names else phx_missing).append(f"{id}: {p}")
    for id, kind, code, names, phx in read_tsv("groups.tsv", 5):
        if kind not in ("Party", "ArmedGroup", "Other"):
            problems.append(f"groups.tsv: bad kind {kind!r} for {id}")
        a = Actor(id, kind, code or None)
        for n in split_bar(names):
            src = "groups.tsv+Phoenix" if phx_key(n) in mil_names else "groups.tsv"
            a.add("names", n, src)
        by_id[id] = a
        for p in split_bar(phx):
            (phx_confirmed if phx_key(p) in mil_names else phx_missing).append(f"{id}: {p}")

    # --- curated extra names -------------------------------------------
    for actor, name in read_tsv("names.tsv", 2):
        a = actor_of(actor, "names.tsv")
        if a:
            a.add("names", name, "names.tsv")

    # --- Phoenix countries: demonyms and capital cross-check ------------
    pcountries = phoenix_countries(os.path.join(phx_dir, "Phoenix.Countries.actors.txt"))
    no_phoenix = []
    for alpha3, a in sorted(states.items()):
        e = pcountries.get(alpha3)
        if e is None:
            no_phoenix.append(a.id)
            continue
        for d in derive_demonyms(a, e):
            a.add("demonyms", d, "Phoenix")

    # curated demonyms: additions and "-form" removals
    for actor, form in read_tsv("demonyms.tsv", 2):
        a = actor_of(actor, "demonyms.tsv")
        if not a:
            continue
        if form.startswith("-"):
            form = form[1:]
            if form in a.demonyms:
                a.demonyms.remove(form)
            else:
                problems.append(f"demonyms.tsv: nothing to remove: {actor} -{form}")
        else:
            a.add("demonyms", form, "demonyms.tsv")
    # regular plurals (Ukrainian -> Ukrainians, Iraqi -> Iraqis)
    for a in states.values():
        for d in list(a.demonyms):
            if d.endswith(PLURAL_ENDINGS) and not d.endswith("ese"):
                a.add("demonyms", d + "s", "plural")

    # capitals and seats
    cap_confirmed, cap_curated = 0, []
    for actor, typ, name in read_tsv("metonyms.tsv", 3):
        a = actor_of(actor, "metonyms.tsv")
        if not a:
            continue
        if typ == "capital":
            e = pcountries.get(a.code or "")
            if e and phx_key(name) in {phx_key(x) for x in e["aliases"]}:
                cap_confirmed += 1
                a.add("capitals", name, "metonyms.tsv+Phoenix")
            else:
                cap_curated.append(f"{name} ({actor})")
                a.add("capitals", name, "metonyms.tsv")
        elif typ == "seat":
            a.add("seats", name, "metonyms.tsv")
        elif typ == "region":
            a.add("regions", name, "metonyms.tsv")
        else:
            problems.append(f"metonyms.tsv: bad type {typ!r}")

    # context names ("the South" after North or South Korea was named)
    for actor, name, after in read_tsv("context_names.tsv", 3):
        a = actor_of(actor, "context_names.tsv")
        if not a:
            continue
        afters = [x for x in after.split("|") if x]
        for x in afters:
            if x not in by_id:
                problems.append(f"context_names.tsv: {name!r} of {actor}: unknown actor {x!r}")
        a.context_names.append((name, afters))

    actors = sorted(by_id.values(), key=lambda a: (KIND_ORDER.index(a.kind), a.id.casefold()))
    all_codes = {a.code for a in actors if a.code}
    ids = {name_key(a.id): a.id for a in actors}

    # --- filters: ISO codes, common words --------------------------------
    curated_names = {(r[0], r[1]) for r in read_tsv("names.tsv", 2)}
    dropped = []
    iso3 = {st.code for st in states.values()}
    for a in actors:
        for field, n in list(a.all_names()):
            reason = None
            if n in iso3 and (a.id, n) not in curated_names:
                reason = "ISO alpha-3 code (goes in `code` only)"
            elif not is_acronym(n) and n.casefold() in COMMON_WORDS:
                reason = "common English word"
            elif name_key(n) in ids and ids[name_key(n)] != a.id:
                reason = f"is the id of {ids[name_key(n)]}"
            if reason:
                getattr(a, field).remove(n)
                dropped.append(f"{a.id}: {n!r} ({reason})")

    # --- collisions ------------------------------------------------------
    resolutions = {n: w for n, w in read_tsv("collisions.tsv", 2)}
    claims = collections.defaultdict(list)
    for a in actors:
        for field, n in a.all_names():
            claims[name_key(n)].append((a, field, n))
        for n in filter(None, [a.id, a.code]):
            claims[name_key(n)].append((a, None, n))
    resolved = []
    for key, cl in sorted(claims.items()):
        owners = {a.id for a, _, _ in cl}
        if len(owners) < 2:
            continue
        fixed = {a.id for a, field, _ in cl if field is None}  # id or code
        if len(fixed) > 1:
            problems.append(f"{cl[0][2]!r} is the id or code of {sorted(fixed)}")
            continue
        n0 = cl[0][2]
        winner = resolutions.get(n0)
        if fixed:  # rule 1: an id (or code) keeps its name
            winner, how = fixed.pop(), "kept for the actor whose id/code it is"
        elif winner is None:
            winner = "-"
            how = "dropped from all (no rule in collisions.tsv)"
        elif winner == "-":
            how = "dropped from all (collisions.tsv)"
        else:
            how = f"kept for {winner} (collisions.tsv)"
            if winner not in owners:
                problems.append(f"collisions.tsv: {n0!r}: {winner} does not claim it")
        for a, field, n in cl:
            if a.id != winner and field is not None and n in getattr(a, field):
                getattr(a, field).remove(n)
        resolved.append(f"{n0!r} claimed by {sorted(owners)}: {how}")
    # names listed in collisions.tsv that must go even when only one actor
    # claims them ("Korean" style shared demonyms)
    for n, w in resolutions.items():
        for a in actors:
            for field, m in list(a.all_names()):
                if m == n and w == "-":
                    getattr(a, field).remove(m)
                    resolved.append(f"{n!r} dropped from {a.id} (collisions.tsv)")

    # --- people ------------------------------------------------------------
    people, nicknames = [], []
    person_actor = collections.defaultdict(set)
    surname_actor = collections.defaultdict(set)
    for name, actor, role, y0, y1, surname in read_tsv("people.tsv", 6):
        if actor not in by_id:
            problems.append(f"people.tsv: unknown actor {actor!r} for {name}")
            continue
        try:
            y0 = int(y0)
            y1 = int(y1) if y1 else None
        except ValueError:
            problems.append(f"people.tsv: bad years for {name}")
            continue
        if y1 is not None and y1 < y0:
            problems.append(f"people.tsv: until < from for {name}")
        if surname and surname not in name:
            nicknames.append(f"{surname} ({name})")  # "Jokowi", "Hemedti"
        people.append((actor, y0, name, role, y1, surname or None))
        person_actor[name].add(actor)
        if surname:
            surname_actor[surname].add(actor)
    # Sorted by name, latest office first: for a name defined twice the
    # engine's gazetteer lets the earlier definition win, so a person with
    # offices for two actors (Kaja Kallas: Estonia, then EU) resolves to the
    # latest one.
    people.sort(key=lambda p: (p[2].casefold(), -p[1], p[0]))
    multi_actor_people = {n: sorted(s) for n, s in person_actor.items() if len(s) > 1}
    for s, acts in surname_actor.items():
        if len(acts) > 1:
            problems.append(f"people.tsv: surname {s!r} maps to {sorted(acts)}")
    # a person's name or surname must not also be an actor name
    actor_keys = {name_key(n): a.id for a in actors for _, n in a.all_names()}
    actor_keys.update(ids)
    for actor, _y0, name, _r, _y1, surname in people:
        for n in (name, surname):
            if n and name_key(n) in actor_keys:
                problems.append(f"people.tsv: {n!r} is also a name of {actor_keys[name_key(n)]}")

    # Phoenix cross-check of people (persons present in the Countries file
    # with a code of their state)
    pentries = collections.defaultdict(set)
    for e in phoenix.read_entries(os.path.join(phx_dir, "Phoenix.Countries.actors.txt")):
        codes = {c[:3] for c, _, _ in e["codes"]}
        for n in [e["name"]] + e["aliases"]:
            pentries[phx_key(n)] |= codes
    code_of = {a.id: a.code for a in actors}
    ppl_in_phx = sorted({name for actor, _, name, _, _, _ in people
                         if code_of.get(actor) in pentries.get(phx_key(name), ())})

    # --- final checks ----------------------------------------------------
    final = collections.defaultdict(set)
    for a in actors:
        for n in [a.id, a.code or ""] + [n for _, n in a.all_names()]:
            if n:
                final[name_key(n)].add(a.id)
    for k, owners in final.items():
        if len(owners) > 1:
            problems.append(f"name {k!r} still claimed by {sorted(owners)}")

    # --- emit RON --------------------------------------------------------
    out = sys.stdout
    out.write("#![enable(implicit_some)]\n")
    out.write("// Generated by tools/gen_actors.py from pycountry (ISO 3166-1), PETRARCH2 Phoenix\n")
    out.write("// dictionaries (MIT) and the curated tables in tools/data/. Regenerate with:\n")
    out.write("//   python3 tools/gen_actors.py > schema/actors.ron\n")
    out.write("// Do not edit by hand: change tools/data/*.tsv and regenerate.\n")
    out.write("(\n    actors: [\n")
    for a in actors:
        out.write("        (\n")
        out.write(f"            id: {ron_str(a.id)},\n")
        out.write(f"            kind: {a.kind},\n")
        if a.code:
            out.write(f"            code: {ron_str(a.code)},\n")
        for field in ("names", "capitals", "seats", "demonyms", "regions"):
            vals = sorted(getattr(a, field), key=lambda s: (s.casefold(), s))
            if vals:
                out.write(f"            {field}: [{', '.join(ron_str(v) for v in vals)}],\n")
        if a.context_names:
            items = ", ".join(f"(name: {ron_str(n)}, after: [{', '.join(ron_str(x) for x in after)}])"
                              for n, after in a.context_names)
            out.write(f"            context_names: [{items}],\n")
        out.write("        ),\n")
    out.write("    ],\n    people: [\n")
    for actor, y0, name, role, y1, surname in people:
        until = str(y1) if y1 is not None else "None"
        sur = ron_str(surname) if surname else "None"
        out.write(f"        (name: {ron_str(name)}, actor: {ron_str(actor)}, role: {ron_str(role)}, "
                  f"from: {y0}, until: {until}, surname: {sur}),\n")
    out.write("    ],\n)\n")

    # --- report ----------------------------------------------------------
    kinds = collections.Counter(a.kind for a in actors)
    log("== gen_actors report ==")
    log("actors:", dict(kinds), "| people rows:", len(people),
        "| distinct people:", len(person_actor))
    n_dem_phx = sum(1 for a in actors for d in a.demonyms if a.source.get(d) == "Phoenix")
    log(f"demonyms from Phoenix: {n_dem_phx}; capitals confirmed by Phoenix: {cap_confirmed},"
        f" curated only: {len(cap_curated)}: {', '.join(cap_curated)}")
    log("states without a Phoenix country entry:", ", ".join(no_phoenix) or "-")
    log(f"organisation/group names confirmed in Phoenix: {len(phx_confirmed)};"
        f" not found: {', '.join(phx_missing) or '-'}")
    log(f"people found in Phoenix with their state's code: {len(ppl_in_phx)}")
    if nicknames:
        log("surname aliases that are nicknames:", ", ".join(nicknames))
    if multi_actor_people:
        log("people with rows for several actors (time-ranged):", multi_actor_people)
    log(f"dropped names ({len(dropped)}):")
    for d in dropped:
        log("   ", d)
    log(f"collisions resolved ({len(resolved)}):")
    for r in resolved:
        log("   ", r)
    scorer_check(actors)
    if problems:
        log("PROBLEMS:")
        for p in problems:
            log("   ", p)
        sys.exit(1)


def scorer_check(actors):
    """Does the scorer (actors.tsv via score.py's normalisation) map each of
    our ids to a row whose canonical name or aliases contain the id?  Also
    counts our names that the scorer maps to a different canonical actor."""
    path = os.path.join(ARGS.eval, "actors.tsv")
    if not os.path.exists(path):
        log("scorer check skipped:", path, "not found")
        return
    rows, table = [], {}
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            canon, _kind, code, aliases = (line.rstrip("\n").split("\t") + [""] * 4)[:4]
            keys = [canon, code] + [x for x in aliases.split("|") if x]
            for k in keys:
                table.setdefault(scorer_norm(k), canon)
            rows.append((canon, {scorer_norm(canon)} | {scorer_norm(x) for x in aliases.split("|") if x}))
    ok, missing, mismatch = [], [], []
    our_canon = {}
    for a in actors:
        n = scorer_norm(a.id)
        hit = next((canon for canon, keys in rows if n in keys), None)
        if hit is not None and table.get(n) == hit:
            ok.append(a.id)
            our_canon[a.id] = hit
        else:
            missing.append(a.id)
    for a in actors:
        if a.id not in our_canon:
            continue
        for _, name in a.all_names():
            c = table.get(scorer_norm(name))
            if c is not None and c != our_canon[a.id]:
                mismatch.append(f"{name!r} ({a.id}) -> scorer says {c}")
    log(f"scorer check: {len(ok)}/{len(actors)} ids recognised as themselves")
    by_kind = collections.defaultdict(list)
    for a in actors:
        if a.id in missing:
            by_kind[a.kind].append(a.id)
    for k in KIND_ORDER:
        if by_kind[k]:
            log(f"   not in actors.tsv ({k}, {len(by_kind[k])}): {', '.join(by_kind[k])}")
    if mismatch:
        log("   our names the scorer maps to another actor:", "; ".join(mismatch))


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--phoenix", default=os.path.join(ROOT, "..", "shared", "petrarch"))
    ap.add_argument("--eval", default=os.path.join(ROOT, "..", "shared", "eval"))
    ap.add_argument("--quiet", action="store_true")
    ARGS = ap.parse_args()
    main()

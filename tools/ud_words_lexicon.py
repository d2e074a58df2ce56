"""Derives the word lists of `src/text/words.rs` from UD English-EWT's training file.

    python3 tools/ud_words_lexicon.py ../shared/ud/en_ewt-ud-train.conllu models/words

The segmenter's general rules (letters, digits, punctuation runs, apostrophes,
hyphens, URLs) are code; what English writes differently word by word is read
here from how EWT's annotators split the raw `# text` of each sentence, and
written to one small file per list (see `models/README.md`). Only the training
file is read, never dev or test, so that the alignment measured on those stays
honest. Python 3 standard library only; the output is sorted, so the same input
gives the same files byte for byte.

How a sentence is read: its words (multi-word token ranges `N-M` and empty
nodes `N.1` skipped) are found in order in the `# text` line; a *chunk* is a
run of words with no white space between them, that is, one white-space
separated piece of the text and how EWT cut it.
"""
import collections
import os
import re
import sys

APOSTROPHES = "'\u2019`"


def sentences(path):
    """(text, words, mwts) per sentence; mwts maps a range's first word index to (last, form)."""
    text, words, mwts = None, [], {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if words:
                    yield text, words, mwts
                text, words, mwts = None, [], {}
            elif line.startswith("# text = "):
                text = line[len("# text = "):]
            elif line.startswith("#"):
                continue
            else:
                cols = line.split("\t")
                if "." in cols[0]:
                    continue
                if "-" in cols[0]:
                    first, last = map(int, cols[0].split("-"))
                    mwts[first - 1] = (last - 1, cols[1])
                else:
                    words.append(cols[1])
    if words:
        yield text, words, mwts


def chunks(text, words):
    """The words grouped by white-space separated piece of `text`, with the index of each piece's first word."""
    out, cur, cur_end, first = [], [], None, 0
    p = 0
    for i, w in enumerate(words):
        while text[p].isspace():
            p += 1
        if not text.startswith(w, p):
            raise ValueError(f"word {w!r} not found at {p} of {text!r}")
        if cur and p != cur_end:
            out.append((first, cur))
            cur, first = [], i
        cur.append(w)
        p += len(w)
        cur_end = p
    if cur:
        out.append((first, cur))
    return out


def fold(s):
    """Lower case, every apostrophe written as `'`."""
    for a in APOSTROPHES[1:]:
        s = s.replace(a, "'")
    return s.lower()


def has_alnum(s):
    return any(c.isalnum() for c in s)


NUMBER = r"\d+(?:[.,:]\d+)*"
EMOTICON = re.compile(r">?[:;=][-'^o]?[()\[\]/\\|DPpO3]|[()\[\]][-'^o]?[:;=]")


def derive(path):
    clitic = collections.Counter()
    joined_clitic = collections.Counter()
    mwt_split = collections.defaultdict(collections.Counter)
    as_one_word = collections.Counter()
    prefix_kept, prefix_split = collections.Counter(), collections.Counter()
    prefix_words = collections.defaultdict(set)
    abbr_kept, abbr_split = collections.Counter(), collections.Counter()
    suffix_kept, suffix_split = collections.Counter(), collections.Counter()
    emoticon = collections.Counter()
    negation_host, host_nt_whole = collections.Counter(), collections.Counter()

    # A word cut without an apostrophe only before some words ("its not" → "it s not").
    context_split, context_whole = collections.Counter(), collections.Counter()
    cut_forms = collections.Counter()
    corpus = list(sentences(path))
    for text, words, mwts in corpus:
        for first, (last, form) in mwts.items():
            if not any(a in form for a in APOSTROPHES):
                cut_forms[fold(form)] += 1
    for text, words, mwts in corpus:
        i = 0
        while i < len(words):
            last, form = mwts.get(i, (i, words[i]))
            if last + 1 < len(words):
                key = (fold(form), fold(words[last + 1]))
                if i in mwts:
                    context_split[key] += 1
                elif key[0] in cut_forms:
                    context_whole[key] += 1
            i = last + 1

    for text, words, mwts in corpus:
        # Index of the last word holding a letter or digit: a period after it ends the sentence.
        last_alnum = max((i for i, w in enumerate(words) if has_alnum(w)), default=-1)
        for w in words:
            as_one_word[fold(w)] += 1
        for first, (last, form) in mwts.items():
            if not any(a in form for a in APOSTROPHES):
                mwt_split[fold(form)][" ".join(fold(w) for w in words[first:last + 1])] += 1
        for first, piece in chunks(text, words):
            for k, w in enumerate(piece):
                i = first + k
                f = fold(w)
                # Clitics: a piece with an apostrophe after a piece ending in a letter ("'s", "n't").
                if k > 0 and piece[k - 1][-1:].isalpha() and re.fullmatch(r"[a-z]*'[a-z]+", f):
                    clitic[f] += 1
                # The words "n't" is cut from ("do", "ca", "is").
                if k > 0 and f == "n't" and piece[k - 1].isalpha():
                    negation_host[fold(piece[k - 1])] += 1
                # The same, written inside one word ("it's" as one word).
                # (Only as a proper part: "n't" alone is the clitic itself.)
                if re.fullmatch(r"[a-z]+'[a-z]+", f):
                    a = f.index("'")
                    suffix = f[a - 1:] if f[a - 1:] == "n't" else f[a:]
                    if suffix != f:
                        joined_clitic[suffix] += 1
                # Hyphenated prefixes: "anti-American" one word, or "Al", "-", "Zaman".
                m = re.fullmatch(r"([A-Za-z]+)-[A-Za-z0-9].*", w)
                if m:
                    prefix_kept[m.group(1).lower()] += 1
                    prefix_words[m.group(1).lower()].add(w.lower())
                if k + 2 < len(piece) and piece[k + 1] == "-" and re.fullmatch(r"[A-Za-z]+", w) and piece[k + 2][:1].isalnum():
                    prefix_split[w.lower()] += 1
                # Abbreviations: "Dr." one word, or "Dr", "." — before the last word only
                # (after it, the period ends the sentence and EWT always splits it off).
                # (A name may hold an exclamation mark the same way: "Yahoo!".)
                if i < last_alnum:
                    if re.fullmatch(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)?[.!]", w):
                        abbr_kept[f] += 1
                    if k + 1 < len(piece) and piece[k + 1] in ".!" and re.fullmatch(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)?", w):
                        abbr_split[f + piece[k + 1]] += 1
                # Letters after a number: "23rd" one word, or "5", "pm".
                m = re.fullmatch(NUMBER + r"([A-Za-z]+)", w)
                if m:
                    suffix_kept[m.group(1).lower()] += 1
                if k + 1 < len(piece) and re.fullmatch(NUMBER, w) and re.fullmatch(r"[A-Za-z]+", piece[k + 1]):
                    suffix_split[piece[k + 1].lower()] += 1
                # Emoticons: a face, eyes and a mouth (":)", ";-)", ":D", "(:"), kept as one word.
                # (A letter before the eyes is left out: "D:" is more often "Plan D:".)
                if EMOTICON.fullmatch(w):
                    emoticon[w] += 1

    for text, words, mwts in corpus:
        for w in words:
            f = fold(w)
            if f.endswith("nt") and f[:-2] in negation_host:
                host_nt_whole[f[:-2]] += 1

    lists = {}
    # Words "n't" is cut from at least three times, whose spelling without
    # the apostrophe ("dont", "isnt") is never a word of its own.
    lists["negation_hosts"] = [(h, n, host_nt_whole[h]) for h, n in negation_host.items() if n >= 3 and host_nt_whole[h] == 0]
    # A clitic split off far more often than written inside one word.
    lists["clitics"] = [
        (c, n, joined_clitic[c]) for c, n in clitic.items() if n >= 3 and n > 4 * joined_clitic[c]
    ]
    # Whole words EWT cuts without an apostrophe ("cannot", "gonna", "dont"):
    # cut at least three times, and at least three times as often as left
    # whole (which leaves out English words such as "lets").
    lists["contractions"] = []
    for form, splits in mwt_split.items():
        pieces, n = splits.most_common(1)[0]
        whole = as_one_word[form]
        if n >= 3 and n >= 3 * whole:
            lists["contractions"].append((form, pieces, n, whole))
    # Cut only before the words after which it was cut at least twice and
    # never left whole, for words cut at least ten times in all (a common
    # confusion, not one writer's habit) that are not cut everywhere.
    lists["contexts"] = []
    everywhere = {row[0] for row in lists["contractions"]}
    for (form, after), n in context_split.items():
        if form not in everywhere and cut_forms[form] >= 10 and n >= 2 and context_whole[(form, after)] == 0:
            pieces = mwt_split[form].most_common(1)[0][0]
            lists["contexts"].append((form, pieces, after, n, context_whole[(form, after)]))
    # Prefixes: kept whole more often than split, and before at least two
    # different words (a productive prefix, not one name written with a hyphen).
    lists["prefixes"] = [
        (p, n, prefix_split[p]) for p, n in prefix_kept.items() if n > prefix_split[p] and len(prefix_words[p]) >= 2
    ]
    # Abbreviations: kept whole more often than split.
    lists["abbreviations"] = [(a, n, abbr_split[a]) for a, n in abbr_kept.items() if n > abbr_split[a]]
    lists["number_suffixes"] = [(s, n, suffix_split[s]) for s, n in suffix_kept.items() if n > suffix_split[s]]
    lists["emoticons"] = [(e, n) for e, n in emoticon.items()]
    return lists


HEADERS = {
    "clitics": "clitic\tsplit off\tleft inside a word",
    "contractions": "word\tits words\ttimes cut\ttimes whole",
    "prefixes": "prefix\ttimes kept\ttimes split",
    "abbreviations": "abbreviation\ttimes kept\ttimes split",
    "number_suffixes": "suffix\ttimes kept\ttimes split",
    "emoticons": "emoticon\ttimes",
    "negation_hosts": "word\ttimes before n't\ttimes written with nt as one word",
    "contexts": "word\tits words\tbefore\ttimes cut\ttimes whole",
}


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: ud_words_lexicon.py TRAIN.conllu OUT_DIR")
    train, out_dir = sys.argv[1], sys.argv[2]
    if "train" not in os.path.basename(train):
        sys.exit("read the training file only (its name holds 'train')")
    os.makedirs(out_dir, exist_ok=True)
    for name, rows in derive(train).items():
        with open(os.path.join(out_dir, name + ".tsv"), "w", encoding="utf-8", newline="\n") as f:
            f.write(f"# Derived from {os.path.basename(train)} (UD English-EWT, CC BY-SA 4.0) by tools/ud_words_lexicon.py.\n")
            f.write(f"# {HEADERS[name]}\n")
            # Commonest first; the first number of a row is how often the entry was seen.
            for row in sorted(rows, key=lambda r: (-next(x for x in r if isinstance(x, int)), r[0])):
                f.write("\t".join(str(x) for x in row) + "\n")


if __name__ == "__main__":
    main()

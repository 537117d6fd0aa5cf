"""Build the real text datasets of Module 3 (natural language processing), reproducibly.

Three datasets, all cut from Debian packages of real text:

``tech_quotes``
    Quotations from the ``fortunes`` and ``fortunes-min`` packages, labelled 1 when they come from its
    computing files (``computers``, ``linux``) and 0 when they come from its
    general files (``art``, ``education``, ``kids``, ``literature``, ``love``,
    ``people``, ``platitudes``, ``wisdom``). A JSON list of records, like the
    sarcasm-headlines JSON of the exam: binary classification.
``definitions``
    Dictionary definitions (glosses) of WordNet 3.0 nouns from five lexicographer
    files, labelled ``animal``, ``artifact``, ``food``, ``location`` or ``plant``.
    A CSV file with ``category,text`` columns, like the BBC news CSV of the exam:
    multi-class classification.
``songs_poems``
    Verse by named poets and songwriters (see :data:`POETS`) from the
    ``songs-poems`` file of the ``fortunes`` package, one record per poem with
    its lines and attribution: text generation.

Only the packages' main, inoffensive files are read (the offensive fortunes are
in a separate package, ``fortunes-off``, which this script never fetches), and
an entry is dropped when it contains any word of :data:`BLOCKLIST`, so that
every text is suitable for a classroom.

The packages are fetched with ``apt-get download`` and unpacked with
``dpkg -x`` into a temporary folder; nothing is installed. When they cannot be
fetched (offline, or no apt package lists: run ``apt-get update`` once) the
script says so and exits with status 75 (EX_TEMPFAIL), which the data tests
report as a skip.

Usage::

    python tools/build_m3_nlp_data.py                 # build all three
    python tools/build_m3_nlp_data.py tech_quotes     # build one
    python tools/build_m3_nlp_data.py --out DIR       # build into another root (tests)
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_datasets import record_hashes, write_csv, write_json  # noqa: E402

#: Debian packages (bookworm) the text comes from, pinned so that the output never changes.
PACKAGES = {"fortunes": "1:1.99.1-7.3", "fortunes-min": "1:1.99.1-7.3", "wordnet-base": "1:3.0-37"}
SEED = 20213
EX_TEMPFAIL = 75

#: An entry that contains one of these words (or a word starting with a starred stem) is dropped.
BLOCKLIST = """
    sex* sexual* sexy nude* naked porn* erotic* orgasm* breast* bosom* penis* vagina* genital* virgin* bra
    condom* pregnan* seduc* lust* mistress* harlot* whore* prostitut* brothel* kiss* bed bedroom* nipple*
    fuck* shit* damn* hell bitch* bastard* ass asses arse* crap* piss* bloody screw* sucks
    kill* murder* suicid* die dies died dying dead death* corpse* hang hanged hanging gun* guns shoot* shot
    bomb* knife stab stabbed stabbing blood* rape* torture* war wars weapon* violen* slaughter* hit beat* punch* fight*
    drunk* drink* beer* wine* whisk* booze* vodka* gin rum alcohol* liquor* bar bars martini* cocktail*
    drug* dope* stoned marijuana* cocaine* heroin* opium* stimulant* smok* cigar* tobacco* high
    nazi* hitler* slave* racis* jew* negro* nigg* gay* queer* homosex* lesbian* dwarf* midget* fat
    stupid* idiot* moron* dumb* retard* ugly* hate* insult* lunatic* insane* crazy*
    god* jesus* christ* devil* satan* sin sins sinner* religio* church* pray* bible* heaven*
    hitch* divorc* wife wives husband* women woman girl* girlfriend* marry* married* marriage* partner*
    handgun* shotgun* vein veins tequil* baudy bawdy pill pills mug mugged tub naughty puk* entrail* lynch* klan
    cop cops schizo* maggot* squash* pervers* amorous sadis* masochis* flog* mutilat* chastity continence ecstasy
"""

#: Phrases that mark an unsuitable entry although each of their words is harmless.
BLOCKED_PHRASES = ("making love", "make love", "love without")


def _block_pattern() -> re.Pattern:
    alternatives = []
    for word in BLOCKLIST.split():
        stem = re.escape(word.rstrip("*"))
        alternatives.append(stem + r"\w*" if word.endswith("*") else stem)
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


BLOCKED = _block_pattern()


def is_clean(text: str) -> bool:
    """True when ``text`` contains no blocked word or phrase (see :data:`BLOCKLIST`)."""
    lowered = " ".join(text.lower().split())
    return BLOCKED.search(text) is None and not any(phrase in lowered for phrase in BLOCKED_PHRASES)


class PackageUnavailable(RuntimeError):
    """A Debian source package could not be downloaded."""


def unpack_packages(folder: Path) -> Path:
    """Download the pinned packages with ``apt-get download`` and unpack them with ``dpkg -x``."""
    tree = folder / "tree"
    for name, version in PACKAGES.items():
        result = subprocess.run(["apt-get", "download", f"{name}={version}"], cwd=folder,
                                capture_output=True, text=True)
        debs = sorted(folder.glob(f"{name}_*.deb"))  # fortunes_* does not match fortunes-min_*
        if result.returncode != 0 or not debs:
            raise PackageUnavailable(
                f"could not download the Debian package {name}={version} with `apt-get download` "
                f"({result.stderr.strip() or 'no .deb file'}). Run `apt-get update` once, or check that "
                "the Debian package archive is reachable.")
        subprocess.run(["dpkg", "-x", str(debs[0]), str(tree)], check=True, capture_output=True)
    return tree


# ---------------------------------------------------------------- fortunes

ATTRIBUTION = re.compile(r"^\s*--\s*(.*)$")


def read_fortunes(path: Path) -> list[tuple[list[str], str]]:
    """Return each entry of a fortune file as (lines of text, attribution or '')."""
    entries = []
    for chunk in re.split(r"^%$", path.read_text(encoding="utf-8"), flags=re.M):
        lines, source = [], ""
        for line in chunk.strip("\n").splitlines():
            match = ATTRIBUTION.match(line)
            if match and line[:1].isspace():
                source = " ".join(match.group(1).split())
                continue
            if source:  # text after an attribution: a dialogue or a second quotation
                source = ""
            lines.append(line.rstrip())
        while lines and not lines[-1].strip():
            lines.pop()
        if lines:
            entries.append((lines, source))
    return entries


def one_line(lines: list[str]) -> str:
    return " ".join(" ".join(lines).split())


def english_words(text: str) -> bool:
    """Plain English prose: ASCII only and mostly letters (no tables, code or ASCII art)."""
    if not text.isascii():
        return False
    letters = sum(c.isalpha() or c.isspace() for c in text)
    return letters / max(1, len(text)) > 0.9


COMPUTING_FILES = ("computers", "linux", "perl")
GENERAL_FILES = ("art", "education", "kids", "literature", "love", "people", "platitudes", "wisdom")


def build_tech_quotes(root: Path, tree: Path) -> dict:
    folder = tree / "usr/share/games/fortunes"
    seen: set[str] = set()
    pools: dict[int, list[dict]] = {1: [], 0: []}
    for label, files in ((1, COMPUTING_FILES), (0, GENERAL_FILES)):
        for name in files:
            for lines, _ in read_fortunes(folder / name):
                text = one_line(lines)
                key = text.lower()
                if (key in seen or not 4 <= len(text.split()) <= 40 or not english_words(text)
                        or not is_clean(text)):
                    continue
                seen.add(key)
                pools[label].append({"text": text, "about_computers": label, "file": name})
    rng = random.Random(SEED)
    n = min(len(pools[0]), len(pools[1]))
    heldout_per_class = 150
    shipped, heldout = [], []
    for label in (1, 0):
        chosen = rng.sample(pools[label], n)
        heldout += chosen[:heldout_per_class]
        shipped += chosen[heldout_per_class:]
    rng.shuffle(shipped)
    rng.shuffle(heldout)
    write_json(root / "course/datasets/tech_quotes/tech_quotes.json", shipped)
    write_json(root / "heldout/tech_quotes/tech_quotes_heldout.json", heldout)
    copy_notice(tree / "usr/share/doc/fortunes/copyright", root / "course/datasets/tech_quotes/COPYRIGHT.txt")
    return {
        "tech_quotes.json": f"a JSON list of {len(shipped)} records: 'text' (a quotation, 4 to 40 words), "
                            "'about_computers' (1 or 0, balanced) and 'file' (the fortune file it comes from)",
        "tech_quotes_heldout.json": f"{len(heldout)} records, same fields, balanced",
        "COPYRIGHT.txt": "the copyright and licence notice of the Debian fortunes package",
    }


#: songs-poems also holds anonymous parodies and song lyrics of every kind; the course keeps the verse of
#: these named poets and songwriters (matched in the attribution line), which a maintainer read through.
POETS = (
    "Ogden Nash", "Dorothy Parker", "Tolkien", "Lewis Carrol", "Housman", "Tennyson", "Byron", "Shakespeare",
    "T. S. Eliot", "Emily Dickinson", "Robert Frost", "Coleridge", "Khayyam", "Gilbert", "Belloc", "Goldsmith",
    "Carlos Williams", "de La Mare", "John Donne", "Stephen Crane", "Burns", "Hopkins", "William Blake",
    "Millay", "Alexander Pope", "George Chapman", "John Lyly", "Gertrude Stein", "Stanislaw Lem", "Rinzai",
    "Euripides", "Keats", "Shelley", "Hammerstein", "Walt Kelly", "Wilhelm Busch", "Hoffenstein", "Dylan",
    "Paul Simon", "Simon and Garfunkle", "Moody Blues", "Noel Coward", "Tom Lehrer",
)
#: First lines of entries by those authors that are left out: not English (Elvish, Black Speech),
#: or not for a classroom.
EXCLUDED_FIRST_LINES = (
    "A Elbereth Gilthoniel,", "Azh nazg durbatal^uk, azh nazg gimbatul,", "Ho! Ho! Ho! to the bottle I go",
    "Ladybug, ladybug,", "This land is my land, and only my land,",
)


def build_songs_poems(root: Path, tree: Path) -> dict:
    folder = tree / "usr/share/games/fortunes"
    by_poet = re.compile("|".join(re.escape(name) for name in POETS))
    poems = []
    seen: set[str] = set()
    for lines, source in read_fortunes(folder / "songs-poems"):
        verse = [" ".join(line.split()) for line in lines]
        verse = [line for line in verse if line]
        text = "\n".join(verse)
        if (text.lower() in seen or not by_poet.search(source) or verse[0] in EXCLUDED_FIRST_LINES
                or not 2 <= len(verse) <= 16 or not english_words(text.replace("\n", " "))
                or not is_clean(text + " " + source) or any(len(line.split()) > 14 for line in verse)):
            continue
        seen.add(text.lower())
        poems.append({"lines": verse, "source": source})
    rng = random.Random(SEED)
    rng.shuffle(poems)
    heldout, shipped = poems[:12], poems[12:]
    write_json(root / "course/datasets/songs_poems/songs_poems.json", shipped)
    write_json(root / "heldout/songs_poems/songs_poems_heldout.json", heldout)
    copy_notice(tree / "usr/share/doc/fortunes/copyright", root / "course/datasets/songs_poems/COPYRIGHT.txt")
    n_lines = sum(len(p["lines"]) for p in shipped)
    return {
        "songs_poems.json": f"a JSON list of {len(shipped)} poems and songs ({n_lines} lines): 'lines' (the verse, "
                            "one string per line) and 'source' (the attribution)",
        "songs_poems_heldout.json": f"{len(heldout)} poems, same fields",
        "COPYRIGHT.txt": "the copyright and licence notice of the Debian fortunes package",
    }


# ---------------------------------------------------------------- WordNet

#: WordNet lexicographer file numbers (see lexnames(5WN)) and the category names the course uses.
LEXICOGRAPHER_FILES = {"05": "animal", "06": "artifact", "13": "food", "15": "location", "20": "plant"}


def read_glosses(path: Path) -> dict[str, list[str]]:
    """Return the definition part of every synset's gloss in ``data.noun``, by category."""
    found: dict[str, list[str]] = {name: [] for name in LEXICOGRAPHER_FILES.values()}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("  "):  # the licence header
            continue
        head, _, gloss = line.partition(" | ")
        category = LEXICOGRAPHER_FILES.get(head.split()[1])
        if category:
            definition = gloss.strip().split('; "')[0].strip().rstrip(";").strip()
            found[category].append(definition)
    return found


def build_definitions(root: Path, tree: Path) -> dict:
    glosses = read_glosses(tree / "usr/share/wordnet/data.noun")
    rng = random.Random(SEED)
    shipped_per_class, heldout_per_class = 700, 120
    shipped, heldout = [], []
    for category in sorted(glosses):
        seen: set[str] = set()
        pool = []
        for text in glosses[category]:
            if (text.lower() not in seen and 3 <= len(text.split()) <= 30 and english_words(text)
                    and is_clean(text)):
                seen.add(text.lower())
                pool.append(text)
        chosen = rng.sample(pool, shipped_per_class + heldout_per_class)
        heldout += [[category, t] for t in chosen[:heldout_per_class]]
        shipped += [[category, t] for t in chosen[heldout_per_class:]]
    rng.shuffle(shipped)
    rng.shuffle(heldout)
    write_csv(root / "course/datasets/definitions/definitions.csv", ["category", "text"], shipped)
    write_csv(root / "heldout/definitions/definitions_heldout.csv", ["category", "text"], heldout)
    copy_notice(tree / "usr/share/doc/wordnet-base/copyright", root / "course/datasets/definitions/LICENSE.txt")
    return {
        "definitions.csv": f"{len(shipped)} rows ({shipped_per_class} per category): 'category' (animal, artifact, "
                           "food, location or plant) and 'text' (a WordNet 3.0 noun definition)",
        "definitions_heldout.csv": f"{len(heldout)} rows ({heldout_per_class} per category), same columns",
        "LICENSE.txt": "the WordNet 3.0 licence, which must accompany every copy of WordNet data",
    }


def copy_notice(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")


BUILDERS = {"tech_quotes": build_tech_quotes, "definitions": build_definitions, "songs_poems": build_songs_poems}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="datasets to build (default: all)")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1],
                        help="root folder to write into")
    args = parser.parse_args(argv)
    names = args.names or sorted(BUILDERS)
    unknown = sorted(set(names) - set(BUILDERS))
    if unknown:
        parser.error(f"unknown dataset(s) {unknown}; known: {sorted(BUILDERS)}")
    with tempfile.TemporaryDirectory() as tmp:
        try:
            tree = unpack_packages(Path(tmp))
        except PackageUnavailable as error:
            print(f"skipped: {error}", file=sys.stderr)
            return EX_TEMPFAIL
        for name in names:
            descriptions = BUILDERS[name](args.out, tree)
            record_hashes(args.out, name, descriptions)
            print(f"built {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

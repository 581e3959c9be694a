"""The words and patterns of document references: series, suffixes, languages, procedure codes.

Each form is written once as a template and compiled twice: strictly, to find references in running
text without firing on dates or fractions, and leniently, to read what a drafter pastes into a field
(any case, spaces missing or doubled) so that a slip can be named and corrected rather than refused.
"""

from __future__ import annotations

import re

# Council series as printed; a number printed without a prefix is an ST document.
SERIES = ("ST", "CM", "SN", "PE-CONS", "EUCO", "EEE", "CONV", "WK")

# The register's identifiers and links shorten PE-CONS to PE.
REGISTER_SERIES = {"PE-CONS": "PE"}

# Working papers print the revision number once ("WK 10770/19 REV 3"); every other series prints it
# twice, between number and year and after REV ("14260/1/17 REV 1").
MIDDLE_NUMBER_SERIES = frozenset(SERIES) - {"WK"}

# Suffixes carrying a number, in the order of the conventions; INIT stands alone.
NUMBERED_SUFFIXES = ("REV", "ADD", "COR", "EXT", "DCL")
INITIAL = "INIT"

# The official languages of the Union as the Council codes them (EL for Greek, GA for Irish).
LANGUAGES = frozenset({
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr",
    "hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv",
})  # fmt: skip

COMMISSION_SERIES = ("COM", "SWD", "JOIN", "SEC", "C")

# Commission documents print a two-digit year up to 1997 ("COM(97) 558 final"), four digits since.
FOUR_DIGIT_COMMISSION_YEARS_FROM = 1998

# Procedure codes of interinstitutional files. The first group is the Council's own usage; the rest
# are the European Parliament's other procedure types, accepted so that a file number copied from
# its procedure files is read rather than refused.
PROCEDURE_CODES = {
    "COD": "ordinary legislative procedure",
    "CNS": "consultation procedure",
    "NLE": "non-legislative enactment",
    "APP": "consent procedure",
    "ACC": "procedure listed in the Council's interinstitutional files",
    "ACI": "interinstitutional agreement",
    "AVC": "assent procedure (before 2009)",
    "SYN": "cooperation procedure (before 1999)",
    "BUD": "budgetary procedure",
    "DEC": "discharge procedure",
    "INI": "own-initiative report",
    "INL": "legislative initiative",
    "RSP": "resolution on a topical subject",
    "RSO": "internal organisation decision",
    "REG": "rules of procedure",
    "IMM": "parliamentary immunity",
    "DEA": "delegated act",
    "RPS": "implementing act (regulatory procedure with scrutiny)",
    "DCE": "written declaration",
    "COS": "strategic initiative",
    "INS": "institutional procedure",
}

# ---------------------------------------------------------------- templates
# Tokens stand where the two compilations differ:
#   "␣" a space that is printed (scanning: a space or two, or a line break; reading: any or none),
#   "¦" a space usually printed but often left out ("REV1", "COM(2016)476"),
#   "·" a place where nothing is printed but a pasted text may hold a space ("14260 / 17").
NUMBER = r"[0-9]{1,5}"
FULL_YEAR = r"(?:19|20)[0-9]{2}"
YEAR = rf"(?:{FULL_YEAR}|[0-9]{{2}})"
END = r"(?![0-9A-Za-z])"
LANGUAGE_MARK = r"\(·[A-Za-z]{2}·\)"

SCAN_SUFFIX = rf"(?:(?:REV|ADD|EXT|DCL)¦[0-9]{{1,3}}|COR¦[0-9]{{1,3}}(?:␣?{LANGUAGE_MARK})?|INIT){END}"
# Read leniently, a language may follow any suffix, so that a misplaced one is named, not refused.
READ_SUFFIX = rf"(?:(?:REV|ADD|COR|EXT|DCL)¦[0-9]{{1,3}}(?:¦{LANGUAGE_MARK})?|INIT){END}"


def printed_template(suffix: str) -> str:
    """ "14260/1/17 REV 1", "CM 1995/16", "11213/20 + ADD 1 + ADD 1 COR 1", "15754/2017" (a slip)."""
    series = "|".join(["PE[- ]?CONS", *[s for s in SERIES if s != "PE-CONS"]])
    return (
        rf"(?:(?P<series>{series})␣)?(?P<number>{NUMBER})·/·(?:(?P<middle>[0-9]{{1,2}})·/·)?"
        rf"(?P<year>{YEAR})(?![0-9])(?P<chain>(?:␣{suffix})*)"
        rf"(?P<companions>(?:¦\+¦{suffix}(?:␣{suffix})*)*)"
    )


def register_template(suffix: str) -> str:
    """ "ST 14978 2016 INIT", "CM 1006 2017 REV 1"."""
    series = "|".join(["PE-CONS", "PE", *[s for s in SERIES if s != "PE-CONS"]])
    return (
        rf"(?P<series>{series})␣(?P<number>{NUMBER})␣(?P<year>{FULL_YEAR})(?![0-9])"
        rf"(?P<chain>(?:␣{suffix})+)"
    )


SLUG_SERIES = "|".join(["PE", *[s for s in SERIES if s != "PE-CONS"]])
SLUG = (
    rf"(?P<series>{SLUG_SERIES})-(?P<number>{NUMBER})-(?P<year>{FULL_YEAR})"
    rf"(?P<chain>(?:-(?:(?:REV|ADD|COR|EXT|DCL)-[0-9]{{1,3}}|INIT))+){END}"
)
LINK = rf"https?://data\.consilium\.europa\.eu/doc/document/{SLUG}(?:/[A-Za-z]{{2}}(?:/pdf)?)?/?"

COMMISSION_SERIES_PATTERN = "|".join(COMMISSION_SERIES)
FINAL = r"(?:␣(?P<final>final)(?:·/·(?P<version>[0-9]{1,2}))?)?"
COMMISSION = (
    rf"(?P<series>{COMMISSION_SERIES_PATTERN})¦\(·(?P<year>{YEAR})·\)¦(?P<number>{NUMBER}){FINAL}{END}"
)
# The form of the Union's law database, pasted from there: "COM/2016/0476 final".
COMMISSION_DATABASE = (
    rf"(?P<series>{COMMISSION_SERIES_PATTERN})/(?P<year>{FULL_YEAR})/(?P<number>{NUMBER}){FINAL}{END}"
)


def procedure_templates(code: str) -> tuple[str, ...]:
    """ "2017/0144 (COD)", and as also written "2011/0431(APP)", "COD 2010/0312", "2013/0105/COD"."""
    file = rf"(?P<year>{FULL_YEAR})·/·(?P<number>[0-9]{{1,4}})(?![0-9])"
    return (
        rf"{file}¦\(·(?P<code>{code})·\)",
        rf"(?P<code>{code})␣{file}",
        rf"{file}·/·(?P<code>{code}){END}",
    )


SCAN_TOKENS = {"␣": r"(?:[ \t\u00a0\u202f]{1,2}|[ \t]?\r?\n)", "¦": r"[ \u00a0\u202f]?", "·": ""}
READ_TOKENS = {"␣": r"\s*", "¦": r"\s*", "·": r"\s*"}


def compiled(template: str, tokens: dict[str, str], flags: int = 0) -> re.Pattern[str]:
    for token, replacement in tokens.items():
        template = template.replace(token, replacement)
    return re.compile(template, flags)


def form_templates(suffix: str, code: str, printed_first: bool) -> list[tuple[str, str]]:
    """The forms in the order they are tried, the most specific first.

    Read whole, a printed number goes before the procedure forms, whose lenient code would take a
    series for one ("EEE 1900/90"). Found in running text, procedures go first, with their known
    codes only, so that "2016/17 (COD)" is not cut short to the bare "2016/17".
    """
    procedures = [("procedure", template) for template in procedure_templates(code)]
    printed = [("printed", printed_template(suffix))]
    return [
        ("link", LINK),
        ("slug", SLUG),
        ("register", register_template(suffix)),
        ("commission", COMMISSION),
        ("database", COMMISSION_DATABASE),
        *(printed + procedures if printed_first else procedures + printed),
    ]


KNOWN_CODES = "|".join(PROCEDURE_CODES)
READ_FORMS = [
    (form, compiled(template, READ_TOKENS, re.IGNORECASE | re.ASCII))
    for form, template in form_templates(READ_SUFFIX, "[A-Za-z]{3}", printed_first=True)
]
# A text opening on a digit is a printed number or an interinstitutional file: every other form opens
# on a word, so trying it on such a text (most of those read) could only fail.
NUMBER_FIRST_FORMS = [(form, pattern) for form, pattern in READ_FORMS if form in ("printed", "procedure")]


def finder_pattern() -> re.Pattern[str]:
    """Every form, strictly, as one alternation; groups dropped since each find is read again."""
    templates = form_templates(SCAN_SUFFIX, KNOWN_CODES, printed_first=False)
    unnamed = [re.sub(r"\(\?P<\w+>", "(?:", template) for _, template in templates]
    return compiled("|".join(f"(?:{template})" for template in unnamed), SCAN_TOKENS)


FINDER = finder_pattern()

# Where a reference can begin, found far faster than by trying the finder at every position: a
# number standing before a slash (drafting.domain.references looks back from each slash), or one of
# the few words a reference starts with.
STARTING_WORDS = sorted(
    {*SERIES, "PE", *COMMISSION_SERIES, *PROCEDURE_CODES, "http"}, key=lambda word: (-len(word), word)
)
# The Commission's one-letter series is followed by a bracket ("C(2019) 37"): without saying so, every
# capital C opening a word of prose ("Council", "Coreper") would be handed to the finder, to fail there.
WORD_START = re.compile(
    "|".join(r"C(?![a-z])" if word == "C" else re.escape(word) for word in STARTING_WORDS)
)

# One suffix of a chain already matched ("REV 3", "COR 1 (pt)", "ADD-1" in a link).
SUFFIX_READER = re.compile(
    r"(?P<kind>REV|ADD|COR|EXT|DCL|INIT)[\s-]*(?P<number>[0-9]*)\s*(?:\(\s*(?P<language>[A-Za-z]{2})\s*\))?",
    re.IGNORECASE | re.ASCII,
)

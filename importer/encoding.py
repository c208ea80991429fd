"""A file's bytes to text: byte-order marks, UTF-16 without one, and other encodings guessed
with charset-normalizer, keeping a guess only when it reads like writing.

Bytes that are text in no encoding raise ``ImportProblem`` rather than becoming gibberish.
Mojibake inside valid text is repaired later, by ``cleaning.fix_text``.
"""

import re
import unicodedata

import charset_normalizer
import filetype
from ftfy import badness

from .problems import ImportProblem

_BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
]
# Single-byte encodings a Western text is most likely in, preferred over charset-normalizer's
# first guess when they decode the bytes just as cleanly (it tends to answer cp1250).
_PREFERRED = ["cp1252", "iso8859_15", "latin_1"]
MOSTLY_ASCII = 0.1  # share of bytes above 127 under which a text is taken as Western
# Scripts written without spaces between words (Korean puts spaces between words).
_CJK = ("CJK", "HIRAGANA", "KATAKANA", "HALFWIDTH", "FULLWIDTH")
# A Latin-1 symbol between two letters ("Zacz¹³em", Polish cp1250 read as cp1252) is a
# wrong guess of the encoding, not writing. Letters (ª, µ, º), the middle dot of Catalan's
# "l·l" and the acute accent some type for an apostrophe ("don\u00b4t") stay allowed.
_SYMBOL_IN_WORD = re.compile(
    r"[^\W\d_][\u00a1-\u00a9\u00ab-\u00b3\u00b6\u00b8\u00b9\u00bb-\u00bf\u00d7\u00f7]+[^\W\d_]"
)
# Korean puts a space every few syllables: a long run without one is another CJK text
# (Shift-JIS, GBK) read as Korean.
_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]{15,}")
CHAOS_MARGIN = 0.1  # charset-normalizer's guesses tried: this close to its best one
NON_LATIN_SHARE = 1 / 3  # a non-Latin reading must make at least this share of the letters
_OK_CATEGORIES = ("L", "M", "N", "P", "Zs", "Sc", "Sm", "So", "Sk")


def is_control(ch):
    """C0 controls other than whitespace, C1 controls (what an undefined byte decodes to in
    Latin-1) and the replacement character: never part of real writing."""
    code = ord(ch)
    return ch == "\ufffd" or (code < 32 and ch not in "\t\n\r\f") or 0x7F <= code < 0xA0


def _plausible(text):
    """Decoded text looks like writing: no control characters or replacement marks, mostly
    letters, digits and punctuation, with spaces or punctuation between words."""
    if not text.strip():
        return True
    if any(is_control(ch) for ch in text) or _HANGUL_RUN.search(text):
        return False
    ok = sum(
        1 for ch in text if ch.isspace() or unicodedata.category(ch).startswith(_OK_CATEGORIES)
    )
    breaks = sum(1 for ch in text if ch.isspace() or unicodedata.category(ch).startswith("P"))
    if len(text) >= 40:
        # Words are separated by spaces, except in Chinese, Japanese and Korean.
        spaces = sum(1 for ch in text if ch in " \t\n")  # not NBSP: a misread 0xA0
        cjk = sum(1 for ch in text if unicodedata.name(ch, "").startswith(_CJK))
        if cjk < len(text) / 4 and spaces < len(text) / 20:
            return False
    return ok >= 0.9 * len(text) and (len(text) < 40 or breaks >= len(text) / 40)


def _reads_well(text, *, latin):
    """A guessed 8-bit or multi-byte reading of the bytes that a person would recognise:
    plausible text, no mojibake-like sequences (ftfy's badness), no symbols inside words,
    and, for a non-Latin script, enough of its letters that it is not Latin text with a
    few stray bytes read as Cyrillic or Hangul."""
    if not _plausible(text) or badness.is_bad(text) or _SYMBOL_IN_WORD.search(text):
        return False
    if latin:
        return _latin_only(text)
    letters = [ch for ch in text if ch.isalpha()]
    foreign = sum(1 for ch in letters if ord(ch) > 127)
    return not letters or foreign >= NON_LATIN_SHARE * len(letters)


def decode(data):
    """(text, encoding) for a file's bytes. UTF-8 with or without a BOM, UTF-16/32 with a
    BOM, or another encoding detected by charset-normalizer."""
    if not data.strip(b" \t\r\n\x00") or data.strip() in {bom for bom, _ in _BOMS}:
        raise ImportProblem("the file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding).lstrip("\ufeff")
            except UnicodeDecodeError as error:
                raise ImportProblem(
                    f"the file says it is {encoding} but is not: {error.reason}",
                    line=data[: error.start].count(b"\n") + 1,
                ) from None
            if encoding != "utf-8-sig" and not _plausible(text):
                raise ImportProblem(
                    f"the file starts like {encoding} text but does not read as text "
                    "(save it as UTF-8)"
                )
            return text, encoding.removesuffix("-sig")
    kind = filetype.guess(data[:8192])
    if kind is not None and not kind.mime.startswith("text/"):
        raise ImportProblem(f"this is a binary file ({kind.mime}), not text")
    if b"\x00" in data[:8192]:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        raise ImportProblem("this is a binary file (it contains NUL bytes), not text")
    try:
        # Valid UTF-8 is taken as it is: C1 characters in it are mojibake that ftfy repairs.
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    for encoding, latin in _candidates(data):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if _reads_well(text, latin=latin):
            return text, encoding
    line = data[: utf8_error.start].count(b"\n") + 1
    raise ImportProblem(
        "cannot tell the text encoding: it is not UTF-8 and no other encoding reads it as "
        "text (save it as UTF-8)",
        line=line,
    )


def _utf16_without_bom(data):
    """(text, encoding) for UTF-16 saved without a byte-order mark (every other byte of
    ASCII text is NUL), or ``None``."""
    if len(data) % 2:
        return None
    for encoding, nul_at in (("utf-16-le", 1), ("utf-16-be", 0)):
        nuls = [i % 2 for i, byte in enumerate(data) if byte == 0]
        if any(at != nul_at for at in nuls) or len(nuls) < len(data) / 8:
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if text.strip() and _plausible(text):
            return text, encoding.removesuffix("-le").removesuffix("-be")
    return None


def _latin_only(text):
    return all(
        unicodedata.name(ch, "").startswith("LATIN")
        for ch in text
        if ord(ch) > 127 and ch.isalpha()
    )


def _single_byte(encoding, data):
    try:
        return len(data.decode(encoding)) == len(data)
    except (UnicodeDecodeError, LookupError):
        return False


def _rank(encoding):
    """Among equally likely guesses, what a file is more often saved in today: Windows and
    ISO code pages before DOS ones, and old Mac ones last (mac_cyrillic reads cp1251 text
    with one letter wrong)."""
    if encoding.startswith("mac"):
        return 2
    if re.fullmatch(r"cp\d{3}|cp1125", encoding):
        return 1
    return 0


def _candidates(data):
    """Encodings to try, in order, as (encoding, must read as Latin script).

    A text that is almost all ASCII with a few other bytes is a Western text saved as
    cp1252 or Latin-1 (charset-normalizer, given so little to go on, answers Japanese or
    Farsi for it): those first, then a single-byte guess that reads as Latin script
    (cp1250 for Polish). Otherwise the Western encodings when they are among
    charset-normalizer's near-equal guesses, then its guesses, likeliest first: the first
    whose reading passes ``_reads_well`` wins (Shift-JIS that also decodes as Korean).
    """
    high = sum(1 for byte in data if byte > 127)
    results = list(charset_normalizer.from_bytes(data))
    results.sort(key=lambda r: (round(r.chaos, 2), _rank(r.encoding)))
    guesses = [r.encoding for r in results]
    if high < MOSTLY_ASCII * len(data):
        # A multi-byte guess would read a stray byte pair as a CJK symbol.
        return [(e, True) for e in _PREFERRED] + [
            (e, True) for e in guesses[:3] if _single_byte(e, data)
        ]
    if not results:
        return []
    best = results[0].chaos
    near = [r for r in results if r.chaos <= best + 0.01]
    names = {name for r in near for name in [r.encoding, *r.could_be_from_charset]}
    likely = [r.encoding for r in results if r.chaos <= best + CHAOS_MARGIN]
    return [(e, True) for e in _PREFERRED if e in names] + [(e, False) for e in likely]

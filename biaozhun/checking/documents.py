"""The standard numbers a document refers to: read its text, tell the normative references apart.

A standard drafted to GB/T 1.1 lists the documents it depends on in clause 2, 规范性引用文件
("normative references"): dated ones (only that edition applies) and undated ones (the latest
edition applies). Everywhere else (foreword, body, notes, bibliography) numbers are mentions. An
enterprise checking its own standard wants both, told apart, with where each one is.

Pure: no ORM. ``extract_blocks`` turns the bytes of a ``.docx``, a ``.pdf`` with a text layer or a
``.txt`` into ``Block``\\ s (a paragraph of a Word file, a line of a PDF page or of a text file,
with its page and position); ``find_references`` finds the numbers in them and the section each
is in. Candidates are found with a regular expression over the issuing codes the number grammar
knows (GB/T, industry codes from the shipped list, DB44/T, T/…, Q/…, ISO, IEC, EN …) and then
read by ``standards.numbers``, so a match that is not a real number (an unknown province, a
future year) is dropped. Undated references stay undated.
"""

from __future__ import annotations

import io
import re
import threading
import zipfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import PurePath
from typing import Any, Literal

from django.utils.translation import gettext as _

from biaozhun.standards import numbers

SUFFIXES = (".docx", ".pdf", ".txt")
Section = Literal["normative", "elsewhere"]
NORMATIVE: Section = "normative"
ELSEWHERE: Section = "elsewhere"

MAX_XML_BYTES = 64 * 1024 * 1024  # word/document.xml unpacked: a zip bomb stops here
MIN_CHARACTERS_PER_PAGE = 10  # fewer on average: the PDF is a scan without a text layer
CONTEXT_CHARACTERS = 40  # either side of a reference, for the results page
RUN_ON_CHARACTERS = 80  # how much of the next line a number broken across lines may reach into
# Zero-width characters and soft hyphens, dropped from every block (they hide inside numbers).
INVISIBLE: dict[int, None] = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


class DocumentError(ValueError):
    """The file cannot be read as a document; ``message`` says why in the user's language,
    ``code`` names the reason for tests and logs."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Block:
    """A piece of a document's text in reading order.

    ``page`` is the 1-based page of a PDF (``None`` for other files); ``paragraph`` is the 1-based
    paragraph of a Word file (non-empty ones, table cells included), the line of a PDF page
    (non-empty lines) or the line of a text file. ``style`` is a Word paragraph's style, which
    tells an automatically numbered heading from body text. ``wraps``: the text is a line that
    may continue on the next block, so a number can be broken across the two (PDF, text files).
    ``full``: the line of a PDF reaches the right edge of the text, so it was wrapped mid-word
    and a number at its end may go on, even between two digits, at the start of the next line.
    """

    text: str
    page: int | None = None
    paragraph: int | None = None
    style: str = ""
    wraps: bool = False
    full: bool = False


@dataclass(frozen=True)
class Reference:
    """A standard number found in a document, as written (spacing and full-width forms folded),
    in a form ``numbers.parse`` reads; ``context`` is the text around it."""

    text: str
    section: Section
    page: int | None
    paragraph: int | None
    context: str


# --- reading files -------------------------------------------------------------------------------


def document_type(data: bytes, file_name: str) -> str:
    """``"docx"``, ``"pdf"`` or ``"txt"``, by the file's extension and checked against its content.

    Raises ``DocumentError`` for other extensions and for content that is not what the extension
    says (an old ``.doc`` or a password-protected Word file renamed ``.docx``, an HTML page saved as
    ``.pdf``, a binary file as ``.txt``).
    """
    suffix = PurePath(file_name).suffix.lower()
    if suffix not in SUFFIXES:
        raise DocumentError(
            "wrong_type",
            _("Files of type %(suffix)s cannot be read; upload a %(suffixes)s file.")
            % {"suffix": suffix or _("without extension"), "suffixes": "、".join(SUFFIXES)},
        )
    if not data:
        raise DocumentError("empty", _("The file is empty."))
    if suffix == ".docx":
        if data.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE compound file: Word 97-2003, or encrypted
            raise DocumentError(
                "old_word",
                _(
                    "The file is an old Word document (.doc) or a password-protected one. Open it in "
                    "Word and save it as .docx without a password."
                ),
            )
        if not data.startswith(b"PK"):
            raise DocumentError("wrong_type", _("The file is not a Word document (.docx)."))
        return "docx"
    if suffix == ".pdf":
        if b"%PDF-" not in data[:1024]:
            raise DocumentError("wrong_type", _("The file is not a PDF document."))
        return "pdf"
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError("wrong_type", _("The file is not a text file."))
    return "txt"


def extract_blocks(data: bytes, file_name: str) -> list[Block]:
    """The text of a ``.docx``, ``.pdf`` or ``.txt`` file as blocks in reading order.

    Raises ``DocumentError`` for a file of another type, a damaged or encrypted file, a PDF without
    a text layer (a scan) and a document without any text.
    """
    kind = document_type(data, file_name)
    if kind == "docx":
        blocks = _docx_blocks(data)
    elif kind == "pdf":
        blocks = _pdf_blocks(data)
    else:
        blocks = _text_blocks(decode_text(data))
    if not blocks:
        raise DocumentError("no_text", _("The document contains no text."))
    return blocks


def decode_text(data: bytes) -> str:
    """A text file's content: UTF-8 (with or without a byte-order mark), UTF-16 with one, or GB18030
    (which covers GBK and GB2312, what Chinese Windows saves by default)."""
    if data.startswith(b"\xef\xbb\xbf"):
        encodings = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8", "gb18030"]
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DocumentError(
        "unreadable", _("The text file is neither UTF-8 nor GB18030 (GBK): save it as UTF-8.")
    )


def _text_blocks(text: str) -> list[Block]:
    return [
        Block(line, paragraph=number, wraps=True)
        for number, line in enumerate(text.translate(INVISIBLE).splitlines(), start=1)
        if line.strip()
    ]


# Word's main namespace and the markup-compatibility one (whose Fallback repeats a text box's text).
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_W_P = f"{W}p"
_W_TEXT = {f"{W}t": None, f"{W}tab": "\t", f"{W}br": "\n", f"{W}cr": "\n", f"{W}noBreakHyphen": "-"}


def _docx_blocks(data: bytes) -> list[Block]:
    """Every paragraph of ``word/document.xml`` that has text, tables included, in document order.

    Deleted text of tracked changes (``w:delText``) and field codes (``w:instrText``) are not text;
    the ``mc:Fallback`` copy of a text box is skipped so its text is read once. Headers, footers and
    footnotes live in other parts and are not read: a header repeats the standard's own number.
    """
    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > MAX_XML_BYTES:
                raise DocumentError("too_large", _("The Word document's text is too large to read."))
            xml = archive.read(info)
    except KeyError as error:
        raise DocumentError("wrong_type", _("The file is not a Word document (.docx).")) from error
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, RuntimeError) as error:
        # RuntimeError: a zip encrypted with a password
        raise DocumentError("damaged", _("The Word document is damaged and cannot be read.")) from error
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as error:
        raise DocumentError("damaged", _("The Word document is damaged and cannot be read.")) from error
    blocks: list[Block] = []
    for paragraph in root.iter(_W_P):
        if any(ancestor.tag == MC_FALLBACK for ancestor in paragraph.iterancestors()):
            continue
        parts = []
        for element in paragraph.iter(*_W_TEXT):
            if next(element.iterancestors(_W_P), None) is not paragraph:
                continue  # a paragraph of a text box inside this one: read on its own
            fixed = _W_TEXT[element.tag]
            parts.append(fixed if fixed is not None else (element.text or ""))
        text = "".join(parts).translate(INVISIBLE)
        if not text.strip():
            continue
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        blocks.append(
            Block(
                text,
                paragraph=len(blocks) + 1,
                style=style.get(f"{W}val", "") if style is not None else "",
            )
        )
    return blocks


# PDFium is not thread-safe: one document at a time per process, whatever the web server's threads.
_PDFIUM = threading.Lock()
_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13)) | INVISIBLE | {0xFFFE: None}


@dataclass(frozen=True)
class _Line:
    text: str
    right: float  # right edge of its last character, in points
    height: float  # of its last character: about the font size


_LINE_END = re.compile(r"\r\n|\n|\r")


def _page_lines(textpage: Any) -> list[_Line]:
    """A page's lines with where each ends. PDFium's text has one character per character index,
    line breaks included, so the last character of each line can be measured."""
    text = textpage.get_text_range()
    lines, start = [], 0
    for separator in [*_LINE_END.finditer(text), None]:
        end = separator.start() if separator else len(text)
        if end > start and text[start:end].strip():
            last = start + len(text[start:end].rstrip()) - 1
            _left, bottom, right, top = textpage.get_charbox(last)
            lines.append(_Line(text[start:end].translate(_CONTROL), right, top - bottom))
        start = separator.end() if separator else end
    return lines


def _pdf_pages(data: bytes) -> list[list[_Line]]:
    import pypdfium2

    with _PDFIUM:
        try:
            pdf = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError as error:
            if "password" in str(error).lower():
                raise DocumentError(
                    "encrypted",
                    _("The PDF is protected by a password; upload a copy without a password."),
                ) from error
            raise DocumentError("damaged", _("The PDF is damaged and cannot be read.")) from error
        try:
            pages = []
            for index in range(len(pdf)):
                page = pdf[index]
                textpage = page.get_textpage()
                try:
                    pages.append(_page_lines(textpage))
                finally:
                    textpage.close()
                    page.close()
            return pages
        except pypdfium2.PdfiumError as error:
            raise DocumentError("damaged", _("The PDF is damaged and cannot be read.")) from error
        finally:
            pdf.close()


_DIGITS = re.compile(r"\d+")
EDGE_LINES = 3  # lines at the top and bottom of a page where running headers and footers sit
FULL_LINE_SLACK = 2.5  # a line ending within this many character heights of the right edge is full


def _pdf_blocks(data: bytes) -> list[Block]:
    """The non-empty lines of every page, less running headers and footers.

    A line within the first or last ``EDGE_LINES`` of a page whose text (digits aside: page
    numbers change) is on at least half of the pages, and on two at least, is a running header
    or footer: in a standard it repeats the standard's own number on every page, which is not a
    reference. A line that reaches the right edge of the text (the rightmost line end of the
    document) was wrapped there: Chinese text breaks anywhere, even between two full-width
    digits, so such a line is marked ``full`` and a number at its end may go on on the next.
    """
    pages = [[line for line in page if line.text.strip()] for page in _pdf_pages(data)]
    visible = sum(len("".join(line.text.split())) for page in pages for line in page)
    if not pages or visible < MIN_CHARACTERS_PER_PAGE * len(pages):
        raise DocumentError(
            "no_text_layer",
            _(
                "The PDF has no text layer: it looks like a scan. Upload the Word file or a PDF "
                "saved from it, or run text recognition (OCR) on the scan first."
            ),
        )

    def key(line: _Line) -> str:
        return _DIGITS.sub("#", " ".join(line.text.split()))

    running: set[str] = set()
    if len(pages) >= 2:
        seen: Counter[str] = Counter()
        for page in pages:
            seen.update({key(line) for line in page[:EDGE_LINES] + page[-EDGE_LINES:]})
        running = {text for text, count in seen.items() if count >= 2 and count * 2 >= len(pages)}
    kept = [
        [
            (number, line)
            for number, line in enumerate(page, start=1)
            if not ((number <= EDGE_LINES or number > len(page) - EDGE_LINES) and key(line) in running)
        ]
        for page in pages
    ]
    edge = max((line.right for page in kept for _, line in page), default=0.0)
    return [
        Block(
            line.text,
            page=page_number,
            paragraph=number,
            wraps=True,
            full=line.right >= edge - FULL_LINE_SLACK * max(line.height, 1.0),
        )
        for page_number, page in enumerate(kept, start=1)
        for number, line in page
    ]


# --- finding numbers -----------------------------------------------------------------------------

# Full-width ASCII to ASCII and every kind of space to a plain one; dashes are left to the pattern.
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {
    ord(space): " " for space in "\u3000\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f"
}
DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2500\u30fc"
INTERNATIONAL = ("ITU-T", "ITU-R", "ISO", "IEC", "IEEE", "ASTM", "ANSI", "DIN", "JIS", "EN", "UL", "BS", "NF")
CO_CODES = ("ISO", "IEC", "IEEE", "ASTM", "EN", "UL", "TS", "TR", "PAS", "Guide", "GUIDE")
ADOPTION_NOTE = re.compile(r"\s*,\s*(?:IDT|MOD|NEQ|EQV)\b")


def fold(text: str) -> str:
    """``text`` with full-width letters, digits and marks as ASCII and odd spaces as plain ones,
    character for character, so that positions in the folded text are positions in ``text``."""
    return text.translate(_FOLD)


@cache
def _pattern() -> re.Pattern[str]:
    """The candidate pattern, built once from the codes the number grammar knows."""
    chinese = sorted(
        {"GB", "GBZ", "GBJ", "GSB", "GJB"} | set(numbers.industry_codes()) - {"DB"},
        key=lambda c: (-len(c), c),
    )
    s = r"[ \t]{0,2}"  # spacing inside a number: a space or a tab, never a line break ...
    w = r"\s{0,3}"  # ... except where a PDF line may end: after the code, around the year's dash
    intl_code = (
        rf"(?:{'|'.join(INTERNATIONAL)})(?![A-Za-z])"
        rf"(?:{s}/{s}(?:{'|'.join(CO_CODES)})(?![A-Za-z])|[ ](?:EN|ISO|IEC|TS|TR|PAS|Guide)(?=[ ]))*"
    )
    intl = rf"{intl_code}{w}(?:[A-Z]{{1,3}}(?:\.|[ ]?))?\d+(?:\.\d+)*(?:-\d+)*(?:{s}:{s}\d{{4}})?(?!\d)"
    number = r"\d+(?:\.\d+)*[A-Z]?(?![A-Za-z\d])"
    year = rf"(?:(?P<sep>{w}[{DASHES}:]{w})(?P<year>\d+)(?!\d))?"
    amendment = rf"(?:{s}/{s}XG\d+(?:{s}[{DASHES}]{s}\d{{4}})?)?"
    adopted = rf"(?:{s}/{s}{intl})?"
    code = (
        r"(?:DB[ ]?\d{2}(?:\d{2})?(?:[ ]?/[ ]?[TZ]?|[ ]?[TZ](?=[ \d]))?"  # DB44/T, DB4420/T, DB44/
        r"|[TQ][ ]?/[ ]?[A-Z0-9]+(?:-[A-Z0-9]+)*"  # T/CAS, Q/GDW: group and enterprise codes
        rf"|(?:{'|'.join(chinese)})(?:[ ]?/[ ]?[TZ]|[TZ])?(?![A-Za-z]))"
    )
    return re.compile(
        rf"(?<![A-Za-z0-9/.\-])(?:(?P<cn>{code}{w}{number}){year}{amendment}{adopted}|(?P<intl>{intl}))"
    )


@dataclass(frozen=True)
class Candidate:
    """Text that looks like a standard number, before the grammar has read it."""

    text: str
    block: int  # index into the blocks
    context: str


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _number_text(match: re.Match[str]) -> str:
    """The match with spacing collapsed and a Chinese number's year after a hyphen (a colon, as in
    ``GB/T 12771：2019``, is the international way and the grammar does not take it there)."""
    text = match.group()
    if match["cn"] is not None and match["sep"] is not None and ":" in match["sep"]:
        start, end = match.span("sep")
        base = match.start()
        text = text[: start - base] + "-" + text[end - base :]
    return _collapse(text)


def candidates(blocks: Sequence[Block], *, today: date | None = None) -> Iterator[Candidate]:
    """Everything in ``blocks`` that looks like a standard number, in reading order.

    A number broken across two lines of a page (``GB/T`` at the end of one, ``12771—2019`` at the
    start of the next) is found once, at the line where it starts. At the end of a ``full`` line
    the break may even fall between two digits (``GB/T 185`` | ``23—2010``): the digits of the
    next line are joined on when the joined text reads as a number. An international number
    written as the adopted original of a Chinese one (``（ISO 9001：2015，IDT）``) is left out: it
    is part of the reference before it, not a reference of its own.
    """
    pattern = _pattern()
    read = numbers.reader(today=today)
    skip = 0  # characters at the start of this block taken by a number that began on the last
    for index, block in enumerate(blocks):
        length = len(block.text)
        original, glued, tail = block.text, "", len(block.text.rstrip())
        if index + 1 < len(blocks):
            after = blocks[index + 1]
            if block.wraps and after.wraps and block.page == after.page:
                original = f"{block.text}\n{after.text[:RUN_ON_CHARACTERS]}"
                if block.full:
                    glued = fold(block.text[:tail] + after.text[:RUN_ON_CHARACTERS])
        joined = fold(original)
        next_skip = 0
        for match in pattern.finditer(joined, min(skip, length)):
            start, end = match.span()
            if start >= length:
                break  # it starts on the next line: found there
            if match["intl"] is not None and ADOPTION_NOTE.match(joined, end):
                continue
            text, context_end = _number_text(match), end
            if end > length + 1:
                next_skip = end - length - 1
            elif glued and end == tail and CONTINUES.match(glued, tail):
                longer = pattern.match(glued, start)
                if (
                    longer is not None
                    and longer.end() > tail
                    and isinstance(read(_number_text(longer)), numbers.StandardNumber)
                ):
                    text, next_skip, context_end = _number_text(longer), longer.end() - tail, length
            context = original[
                max(0, start - CONTEXT_CHARACTERS) : max(context_end, min(end + CONTEXT_CHARACTERS, length))
            ]
            yield Candidate(text=text, block=index, context=_collapse(context))
        skip = next_skip


CONTINUES = re.compile(r"[\d.]")  # what the next line starts with when a number's digits go on


# --- telling the sections apart ------------------------------------------------------------------


def _spaced(word: str) -> str:
    """``word`` allowing spaces between its characters, as headings are letter-spaced (参 考 文 献)."""
    return r"\s*".join(re.escape(ch) for ch in word)


_NUMBER_PREFIX = r"(?:(?P<n>\d{1,2})(?:\s*[.、]\s*|\s+)?)?\s*"
NORMATIVE_HEADING = re.compile(
    rf"^{_NUMBER_PREFIX}(?:{_spaced('规范性引用文件')}|{_spaced('规范性引用标准')}|{_spaced('引用标准')}"
    r"|Normative\s+references?)\s*$",
    re.IGNORECASE,
)
# The next clause: "3 术语和定义", "3　术语", "3. Terms". Not "3.1 …" (a subclause) nor a number's
# tail on its own line; a table-of-contents line (leaders, a page number) is not a heading either.
CLAUSE_HEADING = re.compile(
    r"^(?P<n>\d{1,2})(?:\s*[.、]\s*|\s+|(?=[\u4e00-\u9fff]))(?P<title>[^\d\s.、:,;)\-].{0,40})$"
)
LEADERS = re.compile(r"(?:\.{3,}|…|·{3,}|\t)")
BACK_MATTER = re.compile(
    rf"^(?:{_spaced('附录')}\s*[A-Z]|{_spaced('参考文献')}|{_spaced('索引')}|Annex\s+[A-Z]|Bibliography|Index)"
    r"(?:\s|$|\(|（)",
    re.IGNORECASE,
)
# Clause titles that may follow the normative references in a Word file whose headings are
# numbered automatically (so the "3" is not in the text).
NEXT_TITLES = re.compile(
    rf"^(?:{_spaced('术语')}|{_spaced('定义')}|{_spaced('符号')}|{_spaced('缩略语')}|Terms\s+and\s+definitions)",
    re.IGNORECASE,
)
BROKEN_NUMBER = re.compile(rf"[./{DASHES}]\s*$")
INTRODUCTION = re.compile(r"下列文件|下列标准|下列文献|The following (?:documents|referenced)", re.IGNORECASE)


def sections(blocks: Sequence[Block]) -> list[Section | None]:
    """The section each block is in: ``"normative"`` from the heading 规范性引用文件 to the next
    clause heading, ``None`` for the section's introductory sentence, ``"elsewhere"`` for the rest.

    The heading is a block of that title alone, optionally numbered (``2 规范性引用文件``, ``2.``,
    ``2　``): a table-of-contents line has leaders and a page number after it and does not count.
    The section ends at the next clause heading: ``3 …`` (any higher number when the heading's
    number is known), an annex, the bibliography or an index; in a Word file also the next
    paragraph in the heading's own style (headings numbered automatically carry no number in
    their text) or a bare 术语和定义-like title.
    """
    result: list[Section | None] = []
    inside = False
    number: int | None = None
    style = ""
    for index, block in enumerate(blocks):
        text = " ".join(fold(block.text).split())
        heading = NORMATIVE_HEADING.match(text)
        if heading:
            inside = True
            number = int(heading["n"]) if heading["n"] else None
            following = blocks[index + 1].style if index + 1 < len(blocks) else ""
            style = block.style if block.style and block.style != following else ""
            result.append(ELSEWHERE)
            continue
        if inside and _ends_section(blocks, index, text, number, style):
            inside = False
        if inside:
            result.append(None if INTRODUCTION.search(text) else NORMATIVE)
        else:
            result.append(ELSEWHERE)
    return result


def _ends_section(blocks: Sequence[Block], index: int, text: str, number: int | None, style: str) -> bool:
    block = blocks[index]
    if BACK_MATTER.match(text):
        return True
    if style and block.style == style:
        return True
    if not block.wraps and len(text) <= 20 and NEXT_TITLES.match(text):
        return True
    clause = CLAUSE_HEADING.match(text)
    if clause is None or LEADERS.search(text):
        return False
    if number is not None and int(clause["n"]) <= number:
        return False
    # "GB 5009." at the end of the last line: this "3 …" is the number's tail, not a heading
    return not (index > 0 and blocks[index - 1].wraps and BROKEN_NUMBER.search(blocks[index - 1].text))


def find_references(blocks: Sequence[Block], *, today: date | None = None) -> list[Reference]:
    """The standard numbers of ``blocks`` in reading order, each with its section and place.

    Candidates the number grammar does not read (years later than ``today``, unknown province
    codes) are left out. Every occurrence is kept: a number cited in the normative references
    and mentioned again in the text appears once for each place.
    """
    read = numbers.reader(today=today)
    where = sections(blocks)
    found = []
    for candidate in candidates(blocks, today=today):
        if not isinstance(read(candidate.text), numbers.StandardNumber):
            continue
        block = blocks[candidate.block]
        found.append(
            Reference(
                text=candidate.text,
                section=where[candidate.block] or ELSEWHERE,
                page=block.page,
                paragraph=block.paragraph,
                context=candidate.context,
            )
        )
    return found

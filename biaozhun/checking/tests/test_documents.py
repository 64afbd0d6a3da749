"""Reading documents and finding the standard numbers they refer to (``checking.documents``).

Word files are built here from hand-written WordprocessingML, PDFs rendered by WeasyPrint with a
CJK font (so they have a real text layer, as a standard saved from Word has), and the encrypted
and scanned PDFs are written byte by byte.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date
from functools import cache
from html import escape
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import pytest

from biaozhun.checking import inputs
from biaozhun.checking.documents import (
    Block,
    DocumentError,
    Reference,
    candidates,
    extract_blocks,
    find_references,
)

TODAY = date(2026, 12, 2)

# --- building documents --------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def w_runs(text: str) -> str:
    """Runs for ``text``: a tab is ``w:tab``, a line break ``w:br``."""
    out = []
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append("<w:r><w:br/></w:r>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                out.append("<w:r><w:tab/></w:r>")
            if piece:
                out.append(f'<w:r><w:t xml:space="preserve">{xml_escape(piece)}</w:t></w:r>')
    return "".join(out)


def p(text: str = "", style: str = "", extra: str = "") -> str:
    """One paragraph, in ``style`` if given; ``extra`` is raw XML added to it."""
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{props}{w_runs(text)}{extra}</w:p>"


def table(*rows: tuple[str, ...]) -> str:
    cells = "".join("<w:tr>" + "".join(f"<w:tc>{p(cell)}</w:tc>" for cell in row) + "</w:tr>" for row in rows)
    return f"<w:tbl>{cells}</w:tbl>"


def docx(*body: str) -> bytes:
    """A minimal Word file whose body is the given paragraphs and tables."""
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        f"<w:body>{''.join(body)}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


PAGE_CSS = """
@page { size: A4; margin: 2cm; @top-center { content: "%(header)s" } @bottom-center { content: counter(page) } }
body { font-family: "Noto Sans CJK SC"; font-size: 10.5pt }
.page { page-break-after: always }
"""


@cache
def pdf(*pages: tuple[str, ...], header: str = "GB/T 99001—2026") -> bytes:
    """A PDF with a text layer: each page holds the given paragraphs, under a running header."""
    import weasyprint

    body = "".join(
        '<div class="page">' + "".join(f"<p>{escape(line)}</p>" for line in page) + "</div>" for page in pages
    )
    html = f"<html><head><style>{PAGE_CSS % {'header': header}}</style></head><body>{body}</body></html>"
    return bytes(weasyprint.HTML(string=html).write_pdf())


def raw_pdf(*, encrypt: bool = False) -> bytes:
    """A one-page PDF with no text at all (what a scan looks like to a text reader), or one
    encrypted with a password that is not empty."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    trailer = b""
    if encrypt:
        objects.append(
            b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>"
        )
        trailer = b"/Encrypt 4 0 R /ID [<" + b"33" * 16 + b"> <" + b"33" * 16 + b">] "
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer
    out += b">>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def lines(*texts: str) -> list[Block]:
    """Blocks as the lines of a text file."""
    return [Block(text, paragraph=i, wraps=True) for i, text in enumerate(texts, start=1)]


def found(blocks: list[Block]) -> list[tuple[str, str]]:
    return [(ref.text, ref.section) for ref in find_references(blocks, today=TODAY)]


# --- numbers in running text ---------------------------------------------------------------------

NUMBERS = [
    ("本文件按照GB/T 1.1—2020的规定起草。", ["GB/T 1.1—2020"]),
    ("ＧＢ／Ｔ　１２７７１－２０１９", ["GB/T 12771-2019"]),
    ("按GB/T12771-2019执行", ["GB/T12771-2019"]),
    ("GB / T 12771 — 2019", ["GB / T 12771 — 2019"]),
    ("GB/T 12771：2019（冒号）", ["GB/T 12771-2019"]),
    ("符合GB/T 1.1的规定", ["GB/T 1.1"]),
    ("GB 4706.1 和 GB 4706.27—2008", ["GB 4706.1", "GB 4706.27—2008"]),
    (
        "JB/T 10001A—2000、QB/T 1234-2010、SN/T 0001—2016",
        ["JB/T 10001A—2000", "QB/T 1234-2010", "SN/T 0001—2016"],
    ),
    ("DB44/T 1234—2020 与 DB35/T 1-2020", ["DB44/T 1234—2020", "DB35/T 1-2020"]),
    ("T/CAS 115—2005 和 Q/GDW 1234—2014", ["T/CAS 115—2005", "Q/GDW 1234—2014"]),
    (
        "ISO 9001:2015、IEC 60598-1:2020、ISO/IEC 17025：2017",
        ["ISO 9001:2015", "IEC 60598-1:2020", "ISO/IEC 17025:2017"],
    ),
    ("EN 60598-1 灯具", ["EN 60598-1"]),
    ("GB 4943.1—2011/XG1—2014", ["GB 4943.1—2011/XG1—2014"]),
    ("GB/T 19001—2016/ISO 9001:2015 质量管理体系", ["GB/T 19001—2016/ISO 9001:2015"]),
    ("GB/T 19001—2016 质量管理体系 要求（ISO 9001：2015，IDT）", ["GB/T 19001—2016"]),
    ("GB 1234-89 旧标准", ["GB 1234-89"]),
]
NOT_NUMBERS = [
    "DB99/T 1-2020 没有这个省",
    "GB/T 12771-2030 年份在将来",
    "ICS 29.140 CCS K 71",
    "第3章 共12页",
    "ABGB 123",
    "XX/T 1-2010",
]


@pytest.mark.parametrize(("text", "expected"), NUMBERS, ids=[t for t, _ in NUMBERS])
def test_numbers_in_running_text_are_found_as_written(text: str, expected: list[str]) -> None:
    assert [ref.text for ref in find_references(lines(text), today=TODAY)] == expected


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_text_that_is_no_standard_number_is_not_a_reference(text: str) -> None:
    assert find_references(lines(text), today=TODAY) == []


def test_a_rejected_number_is_still_a_candidate_for_lists_to_report() -> None:
    assert [c.text for c in candidates(lines("GB/T 12771-2030"))] == ["GB/T 12771-2030"]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (("见GB/T", "12771—2019的规定"), "GB/T 12771—2019"),
        (("见GB/T 12771—", "2019的规定"), "GB/T 12771— 2019"),
        (("执行ISO", "9001:2015"), "ISO 9001:2015"),
    ],
)
def test_a_number_broken_across_two_lines_is_found_once_on_the_first(
    texts: tuple[str, ...], expected: str
) -> None:
    references = find_references(lines(*texts), today=TODAY)
    assert [(ref.text, ref.paragraph) for ref in references] == [(expected, 1)]


def test_paragraphs_of_a_word_file_are_never_joined() -> None:
    blocks = [Block("见GB/T", paragraph=1), Block("12771—2019", paragraph=2)]
    assert find_references(blocks, today=TODAY) == []


def test_the_context_is_the_text_around_the_number_as_written() -> None:
    (ref,) = find_references(lines("本文件按照ＧＢ／Ｔ　１．１—２０２０的规定起草。"), today=TODAY)
    assert ref.text == "GB/T 1.1—2020"
    assert ref.context == "本文件按照ＧＢ／Ｔ １．１—２０２０的规定起草。"


# --- the normative references --------------------------------------------------------------------

STANDARD = (
    "目　　次",
    "前言 ……………… II",
    "1 范围 ………………… 1",
    "2 规范性引用文件 ………………… 1",
    "3 术语和定义 ………………… 1",
    "前　　言",
    "本文件按照GB/T 1.1—2020的规定起草。",
    "1 范围",
    "本文件适用于流体输送用不锈钢焊接钢管。",
    "2 规范性引用文件",
    "下列文件中的内容通过文中的规范性引用而构成本文件必不可少的条款。其中，注日期的引用文件，",
    "仅该日期对应的版本适用于本文件；不注日期的引用文件，其最新版本（包括所有的修改单）适用于本文件。",
    "GB/T 12771—2019 流体输送用不锈钢焊接钢管",
    "GB/T 2828.1 计数抽样检验程序",
    "3 术语和定义",
    "GB/T 12771—2019 界定的术语和定义适用于本文件。",
)


def test_a_standard_s_normative_references_are_told_from_mentions_elsewhere() -> None:
    assert found(lines(*STANDARD)) == [
        ("GB/T 1.1—2020", "elsewhere"),
        ("GB/T 12771—2019", "normative"),
        ("GB/T 2828.1", "normative"),
        ("GB/T 12771—2019", "elsewhere"),
    ]


@pytest.mark.parametrize(
    ("heading", "next_heading"),
    [
        ("2 规范性引用文件", "3 术语和定义"),
        ("2\u3000规范性引用文件", "3\u3000术语和定义"),
        ("2. 规范性引用文件", "3. 术语和定义"),
        ("2．规范性引用文件", "3．要求"),
        ("2规范性引用文件", "3技术要求"),
        ("规范性引用文件", "4 要求"),
        ("2 引用标准", "3 定义"),
        ("2 Normative references", "3 Terms and definitions"),
        ("2 规范性引用文件", "附录A（规范性）试验方法"),
        ("2 规范性引用文件", "参 考 文 献"),
    ],
)
def test_the_section_runs_from_its_heading_to_the_next_clause(heading: str, next_heading: str) -> None:
    blocks = lines(
        "见GB 4706.1。",
        heading,
        "GB/T 12771—2019 钢管",
        "ISO 9001:2015 质量管理",
        next_heading,
        "GB/T 12771—2019 界定的",
    )
    assert found(blocks) == [
        ("GB 4706.1", "elsewhere"),
        ("GB/T 12771—2019", "normative"),
        ("ISO 9001:2015", "normative"),
        ("GB/T 12771—2019", "elsewhere"),
    ]


@pytest.mark.parametrize(
    "toc_line",
    ["2 规范性引用文件 ………………… 1", "2　规范性引用文件\t1", "2 规范性引用文件 ........ 1", "规范性引用文件 1"],
)
def test_a_table_of_contents_line_is_not_the_section(toc_line: str) -> None:
    assert found(lines(toc_line, "GB/T 1.1—2020 标准化工作导则")) == [("GB/T 1.1—2020", "elsewhere")]


def test_subclauses_and_reference_lines_do_not_end_the_section() -> None:
    blocks = lines(
        "2 规范性引用文件",
        "2.1 GB/T 1.1 标准化工作导则",  # a subclause of clause 2, not clause 3
        "GB/T 12771—",  # a number broken at the line end: the next line is its year, not a heading
        "2019 流体输送用不锈钢焊接钢管",
        "GB 5009.",
        "3 食品安全国家标准",  # the tail of "GB 5009." above, not clause 3
        "1 范围",  # a lower number: not the next clause
        "GB/T 2828.1 计数抽样",
        "3 术语和定义",
        "GB/T 8170—2008 数值修约",
    )
    sections = [section for _, section in found(blocks)]
    assert sections[:-1] == ["normative"] * (len(sections) - 1)
    assert found(blocks)[-1] == ("GB/T 8170—2008", "elsewhere")


def test_the_introductory_sentence_of_the_section_is_not_a_reference() -> None:
    blocks = lines(
        "2 规范性引用文件",
        "下列文件中的条款通过GB/T 1.1所述的引用而成为本文件的条款。",
        "GB/T 12771—2019 钢管",
    )
    assert found(blocks) == [("GB/T 1.1", "elsewhere"), ("GB/T 12771—2019", "normative")]


def test_the_bibliography_is_elsewhere() -> None:
    blocks = lines(
        "2 规范性引用文件", "GB/T 12771—2019 钢管", "参考文献", "[1] GB/T 20001.1—2024 标准编写规则"
    )
    assert found(blocks) == [("GB/T 12771—2019", "normative"), ("GB/T 20001.1—2024", "elsewhere")]


def test_a_word_file_with_numbered_heading_styles_ends_the_section_at_the_next_heading() -> None:
    blocks = extract_blocks(
        docx(
            p("规范性引用文件", style="a6"),  # Word numbers it "2" itself: the digit is not in the text
            p("下列文件中的内容通过文中的规范性引用而构成本文件必不可少的条款。"),
            p("GB/T 12771—2019\t流体输送用不锈钢焊接钢管"),
            p("要求", style="a6"),
            p("钢管应符合GB/T 12771—2019的规定。"),
        ),
        "standard.docx",
    )
    assert found(blocks) == [("GB/T 12771—2019", "normative"), ("GB/T 12771—2019", "elsewhere")]


def test_a_word_file_s_bare_terms_heading_ends_the_section() -> None:
    blocks = extract_blocks(
        docx(p("规范性引用文件"), p("GB/T 12771—2019 钢管"), p("术语和定义"), p("GB/T 1.1 界定的")), "s.docx"
    )
    assert found(blocks) == [("GB/T 12771—2019", "normative"), ("GB/T 1.1", "elsewhere")]


# --- reading Word files --------------------------------------------------------------------------


def test_a_word_file_is_read_paragraph_by_paragraph_with_its_tables() -> None:
    data = docx(
        p("前言", style="a5"),
        p(""),  # empty paragraphs are not counted
        p("见GB/T 1.1—2020\t和\nGB/T 12771—2019"),
        table(("序号", "标准号"), ("1", "QB/T 1234-2010")),
        p("", extra="<w:r><w:delText>GB 9999-2000</w:delText></w:r><w:r><w:t>留下的</w:t></w:r>"),
    )
    blocks = extract_blocks(data, "list.docx")
    assert [(b.text, b.paragraph, b.style) for b in blocks] == [
        ("前言", 1, "a5"),
        ("见GB/T 1.1—2020\t和\nGB/T 12771—2019", 2, ""),
        ("序号", 3, ""),
        ("标准号", 4, ""),
        ("1", 5, ""),
        ("QB/T 1234-2010", 6, ""),
        ("留下的", 7, ""),  # deleted text of a tracked change is not text
    ]
    assert [(r.text, r.paragraph) for r in find_references(blocks, today=TODAY)] == [
        ("GB/T 1.1—2020", 2),
        ("GB/T 12771—2019", 2),
        ("QB/T 1234-2010", 6),
    ]


def test_a_text_box_is_read_once_not_again_from_its_fallback_copy() -> None:
    box = "<w:txbxContent><w:p><w:r><w:t>GB/T 1.1</w:t></w:r></w:p></w:txbxContent>"
    extra = (
        "<w:r><mc:AlternateContent>"
        f"<mc:Choice><w:drawing>{box}</w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict>{box}</w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )
    blocks = extract_blocks(docx(p("框外", extra=extra)), "box.docx")
    assert [b.text for b in blocks] == ["框外", "GB/T 1.1"]


# --- reading PDFs --------------------------------------------------------------------------------


def test_a_pdf_is_read_line_by_line_with_its_page_numbers() -> None:
    data = pdf(
        ("目　　次", "2 规范性引用文件 ………… 2"),
        ("2 规范性引用文件", "GB/T 12771—2019 钢管"),
        ("3 术语和定义", "见GB/T 1.1。"),
    )
    references = find_references(extract_blocks(data, "standard.pdf"), today=TODAY)
    assert [(r.text, r.section, r.page, r.paragraph) for r in references] == [
        ("GB/T 12771—2019", "normative", 2, 2),  # the running header comes last in the text layer
        ("GB/T 1.1", "elsewhere", 3, 2),
    ]


def test_a_pdf_s_running_header_with_the_standard_s_own_number_is_left_out() -> None:
    data = pdf(("第一页",), ("第二页",), ("第三页 GB/T 1.1",), header="GB/T 99001—2026")
    blocks = extract_blocks(data, "standard.pdf")
    assert "GB/T 99001—2026" not in [b.text for b in blocks]
    assert [r.text for r in find_references(blocks, today=TODAY)] == ["GB/T 1.1"]


def test_a_one_page_document_keeps_its_top_line() -> None:
    data = pdf(("第一页",), header="GB/T 99001—2026")
    assert "GB/T 99001—2026" in [b.text for b in extract_blocks(data, "one.pdf")]


# --- reading text files --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        "见GB/T 1.1—2020\n\n再见QB/T 1234".encode(),
        "\ufeff见GB/T 1.1—2020\n\n再见QB/T 1234".encode(),
        "见GB/T 1.1—2020\r\n\r\n再见QB/T 1234".encode("gb18030"),
        "见GB/T 1.1—2020\n\n再见QB/T 1234".encode("utf-16"),
    ],
    ids=["utf-8", "utf-8 with BOM", "gb18030", "utf-16"],
)
def test_a_text_file_is_read_in_its_encoding_with_line_numbers(data: bytes) -> None:
    references = find_references(extract_blocks(data, "notes.txt"), today=TODAY)
    assert [(r.text, r.paragraph, r.page) for r in references] == [
        ("GB/T 1.1—2020", 1, None),
        ("QB/T 1234", 3, None),
    ]


# --- files that cannot be read -------------------------------------------------------------------

BAD_FILES = [
    ("report.doc", docx(p("x")), "wrong_type"),
    ("report.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old_word"),
    ("report.docx", b"<html>not word</html>", "wrong_type"),
    ("report.docx", b"PK\x03\x04 broken zip", "damaged"),
    ("report.docx", b"", "empty"),
    ("report.pdf", b"<html>not a pdf</html>", "wrong_type"),
    ("report.pdf", b"%PDF-1.4\nbroken", "damaged"),
    ("report.pdf", raw_pdf(encrypt=True), "encrypted"),
    ("report.pdf", raw_pdf(), "no_text_layer"),
    ("notes.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "wrong_type"),
    ("notes.txt", b"\x81\x30\xff\xfe\x80", "unreadable"),
    ("notes.txt", b"\n \n", "no_text"),
    ("noextension", b"GB/T 1.1", "wrong_type"),
]


@pytest.mark.parametrize(("name", "data", "code"), BAD_FILES, ids=[f"{n}-{c}" for n, _, c in BAD_FILES])
def test_a_file_that_cannot_be_read_says_why(name: str, data: bytes, code: str) -> None:
    with pytest.raises(DocumentError) as raised:
        extract_blocks(data, name)
    assert raised.value.code == code
    assert raised.value.message


def test_a_word_file_without_its_document_part_is_not_a_word_file() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(DocumentError) as raised:
        extract_blocks(buffer.getvalue(), "renamed.docx")
    assert raised.value.code == "wrong_type"


def test_a_reference_records_where_it_is() -> None:
    (ref,) = find_references([Block("见GB/T 1.1。", page=4, paragraph=7, wraps=True)], today=TODAY)
    assert ref == Reference(text="GB/T 1.1", section="elsewhere", page=4, paragraph=7, context="见GB/T 1.1。")


# --- number lists from Word and PDF files (inputs.read_file) -------------------------------------


def test_a_word_list_gives_every_number_with_its_paragraph_even_the_wrong_ones(tmp_path: Path) -> None:
    path = tmp_path / "受控标准清单.docx"
    path.write_bytes(
        docx(
            p("受控标准清单"),
            table(
                ("序号", "标准号", "名称"), ("1", "GB/T 12771—2019", "钢管"), ("2", "GB/T 12771-2030", "将来")
            ),
            p("GB/T 1.1"),
        )
    )

    listed = inputs.read_file(path)

    assert [(e.text, e.row) for e in listed.entries] == [
        ("GB/T 12771—2019", 6),
        ("GB/T 12771-2030", 9),  # the check reports it as invalid, with the reason
        ("GB/T 1.1", 11),
    ]


def test_a_pdf_list_gives_its_numbers_in_reading_order(tmp_path: Path) -> None:
    path = tmp_path / "list.pdf"
    path.write_bytes(pdf(("GB/T 12771—2019 钢管", "QB/T 1234-2010"), ("ISO 9001:2015",), header="清单"))

    assert [e.text for e in inputs.read_file(path).entries] == [
        "GB/T 12771—2019",
        "QB/T 1234-2010",
        "ISO 9001:2015",
    ]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("list.pdf", raw_pdf(), "没有文字层"),  # messages are read in Chinese, the default language
        ("list.docx", docx(p("没有标准号")), "未找到标准号"),
        ("list.docx", b"not a zip", "不是 Word 文档"),
    ],
    ids=["pdf without text", "docx without numbers", "not a zip"],  # the bytes hold a zip's time stamp
)
def test_a_word_or_pdf_list_that_cannot_be_read_is_an_input_error(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)

    with pytest.raises(inputs.InputError, match=message):
        inputs.read_file(path)


def full(text: str) -> Block:
    return Block(text, page=1, paragraph=1, wraps=True, full=True)


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        ((full("……应符合ＧＢ／Ｔ　１８５"), lines("２３—２０１０的规定。")[0]), ["GB/T 18523—2010"]),
        ((full("……应符合GB/T 1"), lines(".1—2020的规定。")[0]), ["GB/T 1.1—2020"]),
        ((Block("……应符合GB/T 185", page=1, wraps=True), lines("23—2010的规定。")[0]), ["GB/T 185"]),
        ((full("GB/T 12771—2019"), lines("2 GB/T 1.1—2020")[0]), ["GB/T 12771—2019", "GB/T 1.1—2020"]),
    ],
    ids=["full-width digits", "before the dot", "line not full", "joined would not read"],
)
def test_digits_broken_at_the_end_of_a_full_line_are_joined_when_that_reads(
    texts: tuple[Block, ...], expected: list[str]
) -> None:
    blocks = [
        Block(b.text, page=1, paragraph=i, wraps=True, full=b.full) for i, b in enumerate(texts, start=1)
    ]
    assert [ref.text for ref in find_references(blocks, today=TODAY)] == expected


def test_a_pdf_line_wrapped_between_two_digits_gives_the_whole_number() -> None:
    import weasyprint

    html = (
        "<html><head><style>body { font-family: 'Noto Sans CJK SC'; font-size: 12pt } "
        "p { width: 10em; margin: 0 }</style></head><body>"
        "<p>钢管应符合ＧＢ／Ｔ１８５２３—２０１０的规定，检验结果应记录并保存。</p><p>短行。</p></body></html>"
    )
    blocks = extract_blocks(bytes(weasyprint.HTML(string=html).write_pdf()), "wrapped.pdf")

    assert blocks[0].text == "钢管应符合ＧＢ／Ｔ１"  # the layout broke the number between its digits
    assert [ref.text for ref in find_references(blocks, today=TODAY)] == ["GB/T18523—2010"]

"""What every source parser produces: catalogue records in one shape, and the rows it had to reject.

The parsers in this package read the official catalogues' formats (the platform's flat CSV/XLSX,
openstd HTML, std.samr JSON, hbba/dbba JSON, ttbz JSON) and know nothing of the database: they
turn a file into ``SourceRecord`` values and ``RowProblem`` values, each tied to the line (or the
record's position) it came from, so that the import service can keep the good rows and report every
bad one. Values are kept as the source wrote them, trimmed; numbers are normalised later by
``standards.numbers`` and status words by ``standards.sources.statuses``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class SourceRecord:
    """One edition as a source describes it.

    ``line`` is the 1-based line of the file (CSV/XLSX: the spreadsheet row, header = 1) or the
    1-based position of the record in a JSON/HTML list, so an operator can find it.
    ``replaces`` / ``replaced_by`` hold standard numbers as the source printed them.
    """

    line: int
    number: str
    title_zh: str = ""
    title_en: str = ""
    status_word: str = ""  # the source's own word: 现行, 即将实施, 废止, 被代替, 有更新版, 作废 …
    ccs: tuple[str, ...] = ()
    ics: tuple[str, ...] = ()
    issued_on: date | None = None
    implemented_on: date | None = None
    withdrawn_on: date | None = None
    replaces: tuple[str, ...] = ()
    replaced_by: tuple[str, ...] = ()
    partial_replacement: bool = False  # the source says 部分代替
    responsible_body: str = ""  # 主管部门
    technical_committee: str = ""  # 归口单位 / TC
    issuing_body: str = ""  # 发布单位
    drafting_organisations: tuple[str, ...] = ()
    adoption: str = ""  # IDT / MOD / NEQ, when the source says
    adopted_number: str = ""  # e.g. "ISO 9001:2015"
    keywords: tuple[str, ...] = ()
    notes: str = ""
    source: str = ""  # "flat", "openstd", "samr", "hbba", "dbba", "ttbz"
    source_id: str = ""  # the source's own key (hcno, pk, standardUniqueId …)
    source_url: str = ""  # where the record can be read on the official site
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RowProblem:
    """A row a parser could not turn into a record, with the reason in the user's language."""

    line: int
    reason: str
    number: str = ""  # what the row's number cell held, if anything


@dataclass(frozen=True)
class Share:
    """One of ``of`` readers of a large file, each taking every ``of``-th block of ``block`` rows.

    Rows are numbered as lines (the header is line 1, the first data row line 2), and block ``b``
    holds lines ``2 + b * block`` up to the next block; reader ``index`` keeps blocks ``b`` with
    ``b % of == index``. Blocks are what lets the writer put the readers' batches back in file order.
    """

    index: int
    of: int
    block: int

    def block_of(self, line: int) -> int:
        return (line - 2) // self.block

    def keeps(self, line: int) -> bool:
        return (line - 2) // self.block % self.of == self.index


@dataclass
class ParseResult:
    """Everything one file gave: the good records and the rejected rows, both in file order."""

    format: str
    records: list[SourceRecord] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


class SourceFormatError(ValueError):
    """The file is not in the format it claims (an unknown layout, a missing column): nothing is read.

    Live sites change their layouts; a parser fails loudly on one it does not know and names the
    field it missed, rather than importing rows with empty fields.
    """

"""How long checking the references of a 100-page standard (PDF) takes, end to end.

Renders with WeasyPrint (Noto Sans CJK SC) a PDF shaped like a GB/T 1.1 standard: a cover with
its own number and the one it replaces, a table of contents (目次) whose lines name every clause
with leaders and page numbers, a foreword, clause 2 规范性引用文件 with 40 references (dated and
undated, a few with the adopted ISO number), then clauses of running text that mention numbers
again (as written in real documents: full-width, em dashes, broken across lines by the layout),
annexes and a bibliography, under a running header with the standard's own number. The numbers
are drawn from the catalogue CSV, so most of them are found.

Then times, from the PDF's bytes: ``documents.extract_blocks`` (PDFium's text layer),
``documents.find_references`` (candidates, the grammar, the sections) and
``services.validity.validity_check`` of every reference found. Target: ≤ 5 s end to end.

Uses the catalogue left by ``bench/catalogue_import.py --keep`` (``var/bench/sqlite-<csv>/``);
without it, a fresh database with the real records of ``standards/tests/data`` (then most numbers
are not found, which costs the same reads).

Command:
    .venv/bin/python bench/document_references.py --csv var/bench/catalogue_1m.csv
"""

from __future__ import annotations

import argparse
import csv
import html
import random
import re
import statistics
import time
from pathlib import Path

from _setup import ROOT, django_with_database, django_with_fresh_database, machine, source_stamp

PAGES = 100
YEAR = re.compile(r"(?<=\d)[-:]\d{4}$")
NORMATIVE = 40
FILLER = (
    "钢管的尺寸、外形、重量及允许偏差应符合本章的规定，供需双方协商并在合同中注明时，也可供应其他尺寸的钢管。"
    "试样的取样部位、取样数量和试验方法应按相应标准执行，检验结果应记录并保存，以便追溯。"
)


def catalogue_sample(csv_path: Path, rng: random.Random, count: int) -> list[tuple[str, str]]:
    """``count`` (number, title) pairs of the CSV: the standards the generated document cites."""
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        rows = [(row[0], row[1]) for row in csv.reader(handle)][1:]
    return rng.sample(rows, count)


def as_written(number: str, rng: random.Random) -> str:
    """How a drafter might have typed ``number`` in running text."""
    kind = rng.random()
    if kind < 0.5:
        return number.replace("-", "—")
    if kind < 0.6:
        return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in number)
    if kind < 0.7:
        return undated(number)
    return number


def undated(number: str) -> str:
    """``number`` without its year (GB/T 12771-2019 → GB/T 12771, IEC 62278-2:2010 → IEC 62278-2)."""
    return YEAR.sub("", number)


def standard_html(cited: list[tuple[str, str]], rng: random.Random) -> str:
    """The HTML of a standard of about ``PAGES`` pages citing ``cited`` (the first ``NORMATIVE``
    normatively, all of them in the text)."""
    own = "GB/T 99001—2026"
    e = html.escape
    clauses = [f"{n} 技术要求之{n}" for n in range(4, 12)]
    toc = [
        "前言",
        "1 范围",
        "2 规范性引用文件",
        "3 术语和定义",
        *clauses,
        "附录A（规范性）试验方法",
        "参考文献",
    ]
    parts = [
        f'<section class="cover"><p>ICS 23.040.10</p><p>CCS H 48</p><h1>{own}</h1><p>代替 GB/T 99001—2016</p>'
        "<h1>流体输送用不锈钢焊接钢管</h1><p>2026-10-01 发布　2027-05-01 实施</p></section>",
        '<section class="toc"><h2>目　　次</h2>'
        + "".join(f"<p>{e(line)} <span>{'…' * 20} {i + 1}</span></p>" for i, line in enumerate(toc))
        + "</section>",
        "<h2>前　　言</h2><p>本文件按照GB/T 1.1—2020《标准化工作导则　第1部分：标准化文件的结构和起草规则》的规定起草。</p>"
        "<p>本文件代替GB/T 99001—2016，与GB/T 99001—2016相比，除结构调整和编辑性改动外，主要技术变化如下。</p>",
        f"<h2>1　范围</h2><p>{FILLER}</p>",
        "<h2>2　规范性引用文件</h2><p>下列文件中的内容通过文中的规范性引用而构成本文件必不可少的条款。其中，注日期的引用文件，"
        "仅该日期对应的版本适用于本文件；不注日期的引用文件，其最新版本（包括所有的修改单）适用于本文件。</p>",
    ]
    for i, (number, title) in enumerate(cited[:NORMATIVE]):
        written = number.replace("-", "—")
        if i % 4 == 3:
            written = undated(number)  # an undated reference
        adopted = "（ISO 9001：2015，IDT）" if i % 10 == 5 else ""
        parts.append(f"<p>{e(written)}　{e(title)}{adopted}</p>")
    parts.append(f"<h2>3　术语和定义</h2><p>{e(cited[0][0])}界定的术语和定义适用于本文件。</p>")
    paragraphs_per_clause = max(1, (PAGES - 8) * 15 // (2 * len(clauses)))
    for clause in clauses:
        parts.append(f"<h2>{e(clause)}</h2>")
        for k in range(paragraphs_per_clause):
            one, two = rng.choice(cited), rng.choice(cited)
            parts.append(
                f"<p>{clause.split()[0]}.{k + 1}　{FILLER[: rng.randint(60, len(FILLER))]}"
                f"并应符合{e(as_written(one[0], rng))}的规定；检验按{e(as_written(two[0], rng))}进行。{FILLER[:80]}</p>"
            )
    parts.append(f'<h2 class="annex">附　录　A<br>（规范性）<br>试验方法</h2><p>{FILLER}</p>')
    parts.append("<h2>参　考　文　献</h2>")
    parts.extend(
        f"<p>[{i + 1}]　{e(number)}　{e(title)}</p>" for i, (number, title) in enumerate(cited[-10:])
    )
    css = (
        f'@page {{ size: A4; margin: 2.5cm 2cm; @top-center {{ content: "{own}" }} '
        "@bottom-center { content: counter(page) } } "
        'body { font-family: "Noto Sans CJK SC"; font-size: 10.5pt; line-height: 1.6 } '
        "h2 { font-size: 12pt; margin: 1em 0 0.5em } .cover, .toc, .annex { page-break-after: always } "
        ".annex { page-break-before: always; text-align: center }"
    )
    return f"<html><head><style>{css}</style></head><body>{''.join(parts)}</body></html>"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--csv", type=Path, default=ROOT / "var/bench/catalogue_1m.csv")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20261202)
    args = parser.parse_args()
    workdir = ROOT / "var" / "bench" / f"sqlite-{args.csv.stem}"
    db_path = workdir / "catalogue.sqlite3"
    if db_path.exists():
        django_with_database(f"sqlite:///{db_path}", workdir)
        source = args.csv
    else:
        django_with_fresh_database("document-references")
        from biaozhun.standards import services

        source = ROOT / "biaozhun/standards/tests/data/observed_status_records.csv"
        services.import_file(
            run=services.import_run_create(file_name=source.name, format="flat"), path=source
        )

    import weasyprint

    from biaozhun.checking import documents
    from biaozhun.checking.services.validity import validity_check
    from biaozhun.standards import numbers
    from biaozhun.standards.models import Edition

    rng = random.Random(args.seed)  # noqa: S311 (a benchmark sample, not a secret)
    cited = catalogue_sample(source, rng, 60)
    start = time.perf_counter()
    data = bytes(weasyprint.HTML(string=standard_html(cited, rng)).write_pdf())
    rendered = time.perf_counter() - start
    out = ROOT / "var" / "bench" / "document_references.pdf"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)

    print(f"bench/document_references.py on sqlite; {machine()}")
    print(f"  code: {source_stamp('biaozhun/checking')}")
    print(
        f"  catalogue: {Edition.objects.count():,} editions ({'generated' if source == args.csv else 'real records'})"
    )

    def run() -> tuple[float, float, float, list[documents.Reference], int]:
        numbers._read_cached.cache_clear()  # every run reads every number again
        t0 = time.perf_counter()
        blocks = documents.extract_blocks(data, "standard.pdf")
        t1 = time.perf_counter()
        references = documents.find_references(blocks)
        t2 = time.perf_counter()
        validity_check([ref.text for ref in references])
        t3 = time.perf_counter()
        return t1 - t0, t2 - t1, t3 - t2, references, len(blocks)

    run()  # warm the grammar's tables, the pattern and the connection
    samples = [run() for _ in range(args.repeat)]
    _, _, _, references, block_count = samples[-1]
    import pypdfium2

    pages = len(pypdfium2.PdfDocument(data))
    normative = sum(ref.section == "normative" for ref in references)
    report = validity_check([ref.text for ref in references])
    counts = ", ".join(f"{k} {v:,}" for k, v in sorted(report.counts.items()))
    phases = [(s[0], s[1], s[2]) for s in samples]
    total = [sum(phase) for phase in phases]
    print(f"  PDF: {len(data) / 1024:,.0f} KiB, {pages} pages, rendered in {rendered:.1f} s (not timed)")
    print(
        f"  {block_count:,} lines; {len(references):,} references, {normative} normative, {len(references) - normative:,} elsewhere"
    )
    print(f"  {len(report.distinct):,} distinct: {counts}")
    for label, index in (("extract_blocks (PDFium)", 0), ("find_references", 1), ("validity_check", 2)):
        values = [phase[index] * 1000 for phase in phases]
        print(f"  {label:<28} median {statistics.median(values):7.1f} ms  max {max(values):7.1f} ms")
    median = statistics.median(total)
    print(
        f"  end to end                   median {median * 1000:7.1f} ms  max {max(total) * 1000:7.1f} ms"
        f"  (n={args.repeat})  target ≤ 5 s: {'met' if median <= 5 else 'NOT met'}"
    )
    print(f"  the PDF: {out.relative_to(ROOT)}")
    print(f"command: python bench/document_references.py --csv {args.csv}")


if __name__ == "__main__":
    main()

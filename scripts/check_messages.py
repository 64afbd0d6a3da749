#!/usr/bin/env python
"""Keep the zh_Hans catalogue complete: extract, then fail on missing or fuzzy entries.

Runs ``makemessages`` for zh_Hans (needs GNU gettext's xgettext), then reads the catalogue with
polib. With ``--compile`` it also writes django.mo (polib, so msgfmt is not needed). Without it,
it checks that the committed django.mo matches the catalogue, because a fresh machine without
gettext serves the committed .mo as it is.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import polib  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "biaozhun" / "locale" / "zh_Hans" / "LC_MESSAGES"
PO = LOCALE / "django.po"
MO = LOCALE / "django.mo"
IGNORE = [".venv", "var", "fixtures", "bench", "docs", "scripts", "node_modules", "test-results"]


def extract() -> None:
    if shutil.which("xgettext") is None:
        sys.exit("check_messages: xgettext not found; install GNU gettext (apt-get install gettext).")
    args = [
        sys.executable,
        "manage.py",
        "makemessages",
        "-l",
        "zh_Hans",
        "--no-obsolete",
        "--add-location=file",
    ]
    for pattern in IGNORE:
        args += ["--ignore", pattern]
    before = PO.read_text(encoding="utf-8") if PO.exists() else None
    subprocess.run(args, cwd=ROOT, check=True, capture_output=True)  # noqa: S603
    if before is not None and _without_dates(PO.read_text(encoding="utf-8")) == _without_dates(before):
        PO.write_text(
            before, encoding="utf-8"
        )  # only the extraction date changed: keep the file as committed


def _without_dates(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith('"POT-Creation-Date:'))


def normalise_header(catalogue: polib.POFile) -> None:
    """A stable header: makemessages writes a fuzzy template header that msgfmt would skip."""
    catalogue.metadata_is_fuzzy = False
    catalogue.metadata.update(
        {
            "Project-Id-Version": "biaozhun",
            "Language": "zh_Hans",
            "Language-Team": "Biaozhun <zh_Hans>",
            "Last-Translator": "Biaozhun developers",
            "Content-Type": "text/plain; charset=UTF-8",
            "Plural-Forms": "nplurals=1; plural=0;",
            "PO-Revision-Date": catalogue.metadata.get("POT-Creation-Date", ""),
        }
    )


def problems(catalogue: polib.POFile) -> list[str]:
    found = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        where = entry.occurrences[0][0] if entry.occurrences else "?"
        if "fuzzy" in entry.flags:
            found.append(f"fuzzy: {entry.msgid!r} ({where})")
        elif entry.msgid_plural:
            if not all(entry.msgstr_plural.values()):
                found.append(f"missing plural: {entry.msgid!r} ({where})")
        elif not entry.msgstr:
            found.append(f"missing: {entry.msgid!r} ({where})")
    return found


def mo_matches(catalogue: polib.POFile) -> bool:
    if not MO.exists():
        return False
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, dict(e.msgstr_plural)) for e in polib.mofile(str(MO))}
    wanted = {
        (e.msgctxt, e.msgid): (e.msgstr, dict(e.msgstr_plural))
        for e in catalogue.translated_entries()
        if not e.obsolete
    }
    return all(compiled.get(k) == v for k, v in wanted.items())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--compile", action="store_true", help="write django.mo from the catalogue")
    parser.add_argument("--no-extract", action="store_true", help="check the catalogue as it is")
    options = parser.parse_args()
    if not options.no_extract:
        extract()
    catalogue = polib.pofile(str(PO))
    normalise_header(catalogue)
    found = problems(catalogue)
    if options.compile:
        catalogue.save(str(PO))
        if not options.no_extract:
            extract()  # let gettext rewrap the file polib saved, so the next extraction changes nothing
            catalogue = polib.pofile(str(PO))
        catalogue.save_as_mofile(str(MO))
    total = len([e for e in catalogue if not e.obsolete])
    if found:
        print(f"zh_Hans catalogue: {len(found)} of {total} entries need work:")
        for line in found[:200]:
            print("  " + line)
        return 1
    if not options.compile and not mo_matches(catalogue):
        print("zh_Hans catalogue: django.mo is out of date; run `make messages`.")
        return 1
    print(f"zh_Hans catalogue: {total} entries, none missing or fuzzy.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

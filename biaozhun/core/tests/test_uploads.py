"""An upload is what its name says, by its first bytes: the check every upload form shares."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from biaozhun.core.uploads import content_matches, upload_matches


def zipped(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("suffix", "head", "matches"),
    [
        (".pdf", b"%PDF-1.7\n", True),
        (".pdf", b"\n %PDF-1.4", True),
        (".pdf", b"<html>", False),
        (".xlsx", b"PK\x03\x04rest", True),
        (".docx", b"MZ\x90\x00", False),
        (".csv", "标准号\nGB/T 1.1-2020".encode(), True),
        (".txt", b"GB\x00/T", False),
        (".exe", b"MZ\x90\x00", False),
    ],
)
def test_the_first_bytes_must_be_what_the_suffix_says(suffix: str, head: bytes, matches: bool) -> None:
    assert content_matches(suffix, head) is matches


def test_a_word_file_must_be_a_zip_holding_a_word_document_not_any_zip() -> None:
    assert upload_matches(SimpleUploadedFile("a.docx", zipped("word/document.xml")), ".docx")
    assert not upload_matches(SimpleUploadedFile("a.docx", zipped("other.txt")), ".docx")


def test_the_upload_is_left_rewound_for_whoever_reads_it_next() -> None:
    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.7 body")
    assert upload_matches(upload, ".pdf")
    assert upload.read() == b"%PDF-1.7 body"

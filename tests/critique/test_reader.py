"""Reading plan files: supported kinds, .docx without python-docx, and clear refusals."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from mlplan.critique import MAX_PLAN_BYTES, parse_plan, read_plan_document
from mlplan.domain import Section
from mlplan.errors import PlanFileError

from ._plans import FRAUD

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx(paragraphs: list[tuple[str, str]]) -> bytes:
    """A minimal Word document: (style, text) paragraphs, style '' for body text."""
    body = []
    for style, text in paragraphs:
        props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
        body.append(f"<w:p>{props}<w:r><w:t>{text}</w:t></w:r></w:p>")
    xml = f'<?xml version="1.0"?><w:document xmlns:w="{_W}"><w:body>{"".join(body)}</w:body></w:document>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def test_markdown_and_text_are_read_as_written(tmp_path: Path) -> None:
    md = tmp_path / "plan.md"
    md.write_text(FRAUD, encoding="utf-8")
    assert read_plan_document(md) == (FRAUD, "markdown")
    txt = tmp_path / "notes.txt"
    txt.write_text("Data: 2M rows from the CRM.\n", encoding="utf-8")
    assert read_plan_document(txt) == ("Data: 2M rows from the CRM.\n", "text")


def test_docx_headings_and_lists_become_markdown(tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    path.write_bytes(
        _docx(
            [
                ("Title", "Churn plan"),
                ("Heading1", "Data we have"),
                ("ListParagraph", "2M customer records from the CRM"),
                ("Heading1", "Go-live"),
                ("", "Nightly batch job; rollback: re-point the alias to the previous model."),
            ]
        )
    )
    text, kind = read_plan_document(path)
    assert kind == "docx"
    assert text.splitlines() == [
        "# Churn plan",
        "# Data we have",
        "- 2M customer records from the CRM",
        "# Go-live",
        "Nightly batch job; rollback: re-point the alias to the previous model.",
    ]
    draft = parse_plan(text, source=path.name, kind=kind)
    sections = {span.section: span.start_line for span in draft.sections}
    assert sections[Section.DATA] == 2
    assert sections[Section.DEPLOYMENT] == 4
    assert draft.evidence["deployment.rollback"].line == 5


def test_our_json_plan_is_recognised(tmp_path: Path) -> None:
    from mlplan.draft.expert import ExpertDrafter
    from mlplan.understand import parse_text

    plan = ExpertDrafter().draft(parse_text("Predict churn for 2M telco customers; 3% churn."))
    path = tmp_path / "plan.json"
    path.write_text(plan.model_dump_json(indent=2), encoding="utf-8")
    text, kind = read_plan_document(path)
    assert kind == "json"
    draft = parse_plan(text, source="plan.json", kind=kind)
    assert draft.plan == plan
    assert {s.section for s in draft.sections} >= {Section.DATA, Section.TRAINING, Section.TIMELINE}


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("binary.md", b"# plan\x00\x01\x02 binary", "looks binary"),
        ("empty.md", b"", "is empty"),
        ("blank.txt", b"   \n\n  ", "is empty"),
        ("plan.pdf", b"%PDF-1.7 ...", "unsupported file type '.pdf'"),
        ("plan.xlsx", b"PK\x03\x04", "unsupported file type '.xlsx'"),
        ("latin1.md", "Café plan".encode("latin-1"), "not UTF-8"),
        ("fake.docx", b"not a zip at all", "not a valid .docx"),
        ("other.json", json.dumps({"name": "x"}).encode(), "not an mlplan plan"),
        ("broken.json", b"{not json", "not valid JSON"),
    ],
)
def test_bad_files_are_refused_with_one_sentence(
    tmp_path: Path, name: str, content: bytes, says: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(PlanFileError) as caught:
        read_plan_document(path)
    assert says in caught.value.message
    assert "\n" not in caught.value.message


def test_oversized_missing_and_directory_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    big.write_bytes(b"word " * (MAX_PLAN_BYTES // 5 + 1))
    with pytest.raises(PlanFileError, match="at most 2,000,000 bytes"):
        read_plan_document(big)
    with pytest.raises(PlanFileError, match="does not exist"):
        read_plan_document(tmp_path / "missing.md")
    with pytest.raises(PlanFileError, match="is a directory"):
        read_plan_document(tmp_path)


def test_docx_without_document_part_is_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    path = tmp_path / "empty.docx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(PlanFileError, match="not a Word document"):
        read_plan_document(path)

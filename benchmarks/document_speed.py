#!/usr/bin/env python3
"""Prints extraction speed per document format (pages/s on one core) on the generated fixtures.

Usage: .venv/bin/python benchmarks/document_speed.py [--rounds N] [--baseline]

Pages of a DOCX/DOC/XLS are counted as the pages of the same report's PDF rendering (the fixtures are one
report rendered in each format), so the figures compare like with like. Runs in this one process, one file
at a time (one core); `--baseline` also times pdfplumber's own table finding (pdfminer layout) on the same
PDFs, the approach the PDF extractor replaced. Goal (issue 4): PDF with tables >= 50 pages/s/core.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import pypdfium2 as pdfium  # noqa: E402

from transforms.documents import extract  # noqa: E402

DOCS = REPO / "tests" / "fixtures" / "documents"


def pdf_pages(name: str) -> int:
    return len(pdfium.PdfDocument(str(DOCS / "pdf" / f"{name}.pdf")))


def bench(fmt: str, rounds: int) -> tuple[int, int, float, float, int]:
    files = sorted((DOCS / fmt).glob(f"*.{fmt}"))
    blobs = [(f.name, f.read_bytes(), pdf_pages(f.stem)) for f in files]
    pages = sum(p for _n, _b, p in blobs) * rounds
    bad = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(rounds):
        for name, data, _p in blobs:
            doc = extract(data, name)
            bad += doc.status != "ok"
    return len(files) * rounds, pages, time.perf_counter() - t0, time.process_time() - c0, bad


def baseline(rounds: int) -> tuple[int, float]:
    import pdfplumber

    pages = 0
    t0 = time.process_time()
    for _ in range(rounds):
        for f in sorted((DOCS / "pdf").glob("*.pdf")):
            with pdfplumber.open(f) as pdf:
                for page in pdf.pages:
                    pages += 1
                    for table in page.find_tables():
                        table.extract()
                    page.extract_text()
    return pages, time.process_time() - t0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5, help="passes over the fixtures per format (DOC: 1)")
    ap.add_argument("--baseline", action="store_true", help="also time pdfplumber-only extraction")
    args = ap.parse_args()
    extract((DOCS / "pdf" / "real_010.pdf").read_bytes(), "warm-up.pdf")  # imports, PDFium init
    print(f"document extraction speed, one process/one core ({os.cpu_count()} cores on this machine), "
          f"fixtures in {DOCS.relative_to(REPO)}")
    print("pages/s = pages / wall seconds; cpu pages/s = pages / this process's CPU seconds (what one core does,")
    print("whatever else the machine runs; DOC conversion runs in a LibreOffice child process, so only wall counts)")
    print(f"{'format':<6} {'files':>5} {'pages':>6} {'seconds':>8} {'pages/s':>8} {'cpu p/s':>8} {'ms/file':>8} "
          f"{'not ok':>6}")
    for fmt in ("pdf", "docx", "doc", "xlsx", "xls"):
        rounds = 1 if fmt == "doc" else args.rounds
        files, pages, secs, cpu, bad = bench(fmt, rounds)
        print(f"{fmt:<6} {files:>5} {pages:>6} {secs:>8.2f} {pages / secs:>8.1f} {pages / cpu:>8.1f} "
              f"{1000 * secs / files:>8.1f} {bad:>6}")
    from transforms.documents import doc as doc_extractor

    items = [(f.read_bytes(), f.name) for f in sorted((DOCS / "doc").glob("*.doc"))]
    pages = sum(pdf_pages(Path(name).stem) for _d, name in items)
    t0 = time.perf_counter()
    docs = doc_extractor.extract_many(items)
    secs = time.perf_counter() - t0
    bad = sum(d.status != "ok" for d in docs)
    print(f"{'doc*':<6} {len(items):>5} {pages:>6} {secs:>8.2f} {pages / secs:>8.1f} {'':>8} "
          f"{1000 * secs / len(items):>8.1f} {bad:>6}   * batch: doc.extract_many, one LibreOffice run")
    if args.baseline:
        pages, secs = baseline(1)
        print(f"baseline pdfplumber tables+text: {pages} pages in {secs:.2f} CPU s = {pages / secs:.1f} cpu pages/s")
    print("goal: PDF with tables >= 50 pages/s/core")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

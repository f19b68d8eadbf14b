"""Propose improvement-plan findings from the text of a CQC inspection report.

A CQC report for an NHS trust lists what the trust must and should do in its "Areas for
improvement" part, under the headings "Action the trust MUST take to improve" (breaches of
the fundamental standards, each answered by a requirement or warning notice) and "Action the
trust SHOULD take to improve", grouped by core service; at its end, the requirement notices
are a table ("Regulated activity | Regulation") naming each regulation breached, e.g.
"Regulation 12 HSCA (RA) Regulations 2014 Safe care and treatment", with how it was not being
met. This reader turns that text into proposals for a person to confirm:

    >>> text = '''Action the trust MUST take to improve
    ... Wards for people with a learning disability or autism
    ... • The trust must ensure that ward environments are clean and safe.
    ...   (Regulation 15(1)(a))'''
    >>> [f] = extract_findings(text).findings
    >>> f.kind, f.core_services, f.regulation.label, f.line
    ('must_do', ('Wards for people with a learning disability or autism',), \
'Regulation 15: Premises and equipment', 3)

What it handles, because text taken out of a PDF looks like this:

- page furniture: form feeds, page numbers, "<trust> Inspection report 15/01/2020" footers and
  running headers repeated at page edges ("Summary of findings") are dropped;
- bullets wrapped over several lines, and across a page break, are rejoined; a word split by a
  hyphen at a line end is rejoined without the hyphen unless the document writes it with one
  elsewhere or it is a compound (well-led, health-based, out-of-area);
- bullets without a bullet mark ("The trust must ..."), core-service headings wrapped over two
  lines, key-question headings ("Is the service safe?") and "Trust wide" headings;
- the notice table as a two-column layout or cell by cell.

A must-do that cites no regulation takes the regulation of the requirement notice whose words
it shares most (same core service); a notice no must-do points to becomes a must-do of its own.
Where the report names neither, the proposal says so and the person confirming decides.
Regulations and their names: `carewatch.domain.oversight.enforcement.FundamentalStandard`
(SI 2014/2936, https://www.legislation.gov.uk/uksi/2014/2936/contents). Core service names:
CQC, "Core services: NHS trusts" (24 May 2022).

The reading is done in parts, each with one job: `_pdf_text` gets the text out of the file,
`_lines` cleans it into the report's own lines and bullets, `_headings` recognises its
headings, `_findings` reads the MUST and SHOULD sections, `_notices` the requirement-notice
table, and `_proposals` puts findings and notices together.
"""

from __future__ import annotations

from carewatch.ingest.report_text._findings import MUST_DO, SHOULD_DO, ProposedFinding
from carewatch.ingest.report_text._pdf_text import read_report_text
from carewatch.ingest.report_text._proposals import ReportProposals, extract_findings, read_report

__all__ = [
    "MUST_DO",
    "SHOULD_DO",
    "ProposedFinding",
    "ReportProposals",
    "extract_findings",
    "read_report",
    "read_report_text",
]

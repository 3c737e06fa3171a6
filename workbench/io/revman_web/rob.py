"""The package's risk-of-bias table: per study, each domain's judgement and support."""

from __future__ import annotations

import csv
import io
import re

from workbench.io.revman_web import columns as col
from workbench.io.revman_web.package import Package
from workbench.io.rm5.ids import clean_lines, clean_text, study_id_for, unescape
from workbench.io.rm5.model import RevManError, RmReview, RmRob, RmStudy

# RoB 2 domains by the words of their names (RoB 2 guidance, 2019), and "Overall".
ROB2_DOMAINS = (("randomi", "D1"), ("deviations", "D2"), ("missing outcome", "D3"),
                ("measurement", "D4"), ("selection of the reported", "D5"),
                ("overall", "overall"))
ROB2_WORDS = {"low": "low", "low risk": "low", "low risk of bias": "low",
              "some concerns": "some", "high": "high", "high risk": "high",
              "high risk of bias": "high"}
# RevMan Web writes support as HTML; only its tags are removed ("< 10%" stays).
HTML_TAG = re.compile(r"</?(?:p|b|i|u|br|sup|sub|span|div|ul|ol|li|strong|em)\b[^>]*>", re.I)
ROB1_WORDS = {"low risk": "low", "unclear risk": "unclear", "high risk": "high",
              "low": "low", "unclear": "unclear", "high": "high"}


def read_rob(package: Package, review: RmReview) -> list[RmRob]:
    text = package.text(col.ROB_FILE)
    if text is None:
        return []
    reader = csv.DictReader(io.StringIO(text))
    domains = [c[len(col.JUDGEMENT):] for c in reader.fieldnames or []
               if c.startswith(col.JUDGEMENT)]
    rows = [(reader.line_num, row) for row in reader]
    tool = _tool([row for _, row in rows], domains)
    found = []
    for line, row in rows:
        study = _study(review, clean_text(row.get("Study")))
        for domain in domains:
            judged = (row.get(col.JUDGEMENT + domain) or "").strip()
            if judged:
                found.append(_entry(package, line, tool, study, domain, judged,
                                    row.get(col.SUPPORT + domain) or ""))
    return found


def _tool(rows: list[dict], domains: list[str]) -> str:
    """RoB 2 when a judgement says "Some concerns" or a domain is a RoB 2 domain."""
    words = {(r.get(col.JUDGEMENT + d) or "").strip().lower() for r in rows for d in domains}
    rob2 = "some concerns" in words or any("randomi" in d.lower() and "process" in d.lower()
                                           for d in domains)
    return "rob2" if rob2 else "rob1"


def _entry(package: Package, line: int, tool: str, study: RmStudy, domain: str, judged: str,
           support: str) -> RmRob:
    words = ROB2_WORDS if tool == "rob2" else ROB1_WORDS
    code = words.get(judged.lower())
    item = domain.removesuffix(": All outcomes")
    if tool == "rob2":
        item = next((d for needle, d in ROB2_DOMAINS if needle in item.lower()), item)
    if code is None:
        raise RevManError(f"{package.where(col.ROB_FILE)}: line {line}, column "
                          f"{col.JUDGEMENT + domain!r}: unknown judgement {judged!r}")
    group = "All outcomes" if domain.endswith(": All outcomes") else ""
    return RmRob(study_id=study.id, item=item, judgement=code,
                 support=clean_lines(HTML_TAG.sub(" ", support)), group=group, tool=tool)


def _study(review: RmReview, label: str) -> RmStudy:
    for study in review.studies.values():
        if study.name == label:
            return study
    raw = study_id_for(label)
    study = review.studies[unescape(raw)] = RmStudy(id=unescape(raw), raw_id=raw, name=label)
    return study

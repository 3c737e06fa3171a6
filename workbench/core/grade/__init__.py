"""GRADE certainty of evidence and Summary of Findings: pure rules of grade.md sections 4-6."""

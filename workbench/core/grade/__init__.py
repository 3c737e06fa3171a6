"""GRADE: certainty of evidence, absolute effects, statements and their wording (grade.md)."""

"""Evidence Workbench: offline appraisal and meta-analysis for systematic reviewers."""

__version__ = "0.1.0"

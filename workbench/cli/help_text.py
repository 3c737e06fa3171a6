"""`--help` as reviewers read it: a line per flag with an example, and examples per command.

Kept apart from the commands so a subcommand only defines its flags; any flag left without
help is explained from here (by command and flag, else by flag), and each command gains an
epilog of examples.
"""

from __future__ import annotations

import argparse

# Flags common to many commands: dest -> one line with an example.
COMMON = {
    "project": "the project file (.wbproj), e.g. review.wbproj",
    "file": "the project file (.wbproj), e.g. review.wbproj",
    "json": "print one JSON document on stdout for scripts, e.g. --json | jq .",
    "outcome": 'only this outcome, by name, e.g. --outcome "Withdrawals"',
    "comparison": 'only this comparison, by name, e.g. --comparison "Ketamine versus placebo"',
    "reviewer": 'whose values: a reviewer\'s name or consensus, e.g. --reviewer "Ann"',
    "mapping": "a MAP.json that says which column holds which field, e.g. --mapping x.MAP.json",
    "out": "the file to write, e.g. --out forest.pdf",
}
# (command, dest) -> line, where a flag means something particular to the command.
SPECIFIC = {
    ("new", "title"): 'the review\'s title, e.g. --title "Ketamine for chronic pain"',
    ("demo", "out"): "where to write the demo review, e.g. --out demo.wbproj",
    ("meta", "data"): "a CSV with study, events_1, total_1, ... columns, e.g. dat.bcg.csv",
    ("meta", "measure"): "effect measure, e.g. --measure RR (OR, RD, MD, SMD, GEN)",
    ("meta", "method"): "pooling model or tau² estimator, e.g. --method REML (FE, MH, DL, ...)",
    ("meta", "log_scale"): "GEN estimates are on the log scale (log RR, log OR), e.g. --log-scale",
    ("meta", "ci_level"): "confidence level, e.g. --ci-level 0.9 (default 0.95)",
    ("meta", "hksj"): "Hartung-Knapp-Sidik-Jonkman confidence interval, e.g. --hksj",
    ("meta", "cc"): "continuity correction added to zero cells, e.g. --cc 0.5",
    ("meta", "cc_to"): "which studies get the correction, e.g. --cc-to only0",
    ("meta", "drop00"): "leave out studies with no events in either arm, e.g. --drop00",
    ("meta", "subgroup"): "CSV column that names subgroups, e.g. --subgroup dose",
    ("meta", "bias"): "small-study tests (Egger, rank) and trim-and-fill, e.g. --bias",
    ("meta", "leave_one_out"): "the pooled result without each study in turn, e.g. "
                               "--leave-one-out",
    ("meta", "het_from"): "heterogeneity statistics from IV or MH weights, e.g. --het-from MH",
    ("meta", "compat"): "reproduce RevMan 5's conventions, e.g. --compat revman5",
    ("export", "to"): "what to write: csv, xlsx, robvis or metafor (R script), e.g. --to xlsx",
    ("export", "out"): "the file to write, e.g. --out data.xlsx",
    ("plot", "kind"): "which figure, e.g. --kind funnel (forest, traffic-light, rob-summary)",
    ("rob judge", "answers"): "answers as JSON {question: answer}, e.g. answers.json",
    ("merge", "other"): "a colleague's copy of the project, e.g. colleague.wbproj",
    ("rob import", "file"): "a robvis-style table: Study, one column per domain, e.g. rob.xlsx",
    ("rob import", "tool"): "the tool the judgements were made with, e.g. --tool rob2",
    ("rob import", "outcome"): 'the outcome the judgements are for, e.g. --outcome "Pain"',
    ("rob import", "reviewer"): 'attribute the judgements to this reviewer, e.g. --reviewer Ann',
    ("log", "study"): 'only changes to this study, e.g. --study "Adeyemi 2010"',
    ("log", "outcome"): 'only changes to this outcome, e.g. --outcome "Withdrawals"',
    ("log", "reviewer"): 'only changes made by this reviewer, e.g. --reviewer "Ann"',
    ("grade", "reason"): 'why, kept as the footnote, e.g. --reason "wide CI crosses no effect"',
    ("grade", "thresholds"): "decision thresholds on the effect's scale, e.g. --thresholds "
                             "0.9,1.1",
    ("grade", "thresholds_per_1000"): "thresholds as events per 1,000, e.g. "
                                      "--thresholds-per-1000 -50,50",
    ("grade", "mid"): "minimal important difference X, stored as (-X, X), e.g. --mid 0.5",
    ("grade", "design"): "the outcome's evidence design, e.g. --design non-randomised",
    ("grade", "importance"): "importance of the outcome from 1 to 9, e.g. --importance 7",
}
EXAMPLES = {
    "new": ['workbench new review.wbproj --title "Ketamine for chronic pain"'],
    "demo": ["workbench demo --out demo.wbproj"],
    "check": ["workbench check review.wbproj --json"],
    "meta": ["workbench meta bcg.csv --measure RR --method REML",
             "workbench meta bcg.csv --measure OR --method MH --json"],
    "import": ['workbench import review.wbproj extraction.xlsx --reviewer "Ann"',
               "workbench import review.wbproj pain.csv --comparison \"Ketamine versus "
               "placebo\" --outcome \"Pain\" --group-labels Ketamine Placebo",
               "workbench import review.wbproj messy.xlsx --skip-invalid --dry-run"],
    "export": ["workbench export review.wbproj --to xlsx --out data.xlsx",
               "workbench export review.wbproj --to metafor --out analysis.R"],
    "analyse": ["workbench analyse review.wbproj --json",
                'workbench analyse review.wbproj --outcome "Withdrawals" --reviewer consensus'],
    "plot": ['workbench plot review.wbproj --outcome "Withdrawals" --out forest.pdf',
             'workbench plot review.wbproj --outcome "Pain" --kind funnel --out funnel.png'],
    "rob": ["workbench rob tools", "workbench rob judge --tool rob2 answers.json",
            'workbench rob import review.wbproj rob.xlsx --tool rob2 --outcome "Pain"'],
    "rob import": ['workbench rob import review.wbproj rob.xlsx --tool rob2 --outcome "Pain"'],
    "grade": ["workbench grade review.wbproj --json",
              'workbench grade review.wbproj --outcome "Pain" --set imprecision=-1 '
              '--reason "few events"'],
    "etd": ["workbench etd review.wbproj", 'workbench etd review.wbproj --comparison '
            '"Ketamine versus placebo" --json'],
    "log": ['workbench log review.wbproj --study "Adeyemi 2010"',
            'workbench log review.wbproj --reviewer "Ann" --json'],
    "sof": ["workbench sof review.wbproj",
            "workbench sof review.wbproj --baseline median --json"],
    "merge": ["workbench merge review.wbproj colleague.wbproj"],
    "conflicts": ["workbench conflicts review.wbproj", "workbench conflicts review.wbproj "
                  "--all --json"],
    "agreement": ["workbench agreement review.wbproj --json"],
}


def explain(parser: argparse.ArgumentParser, command: str) -> None:
    """Fill in missing flag help and add the command's examples, nested commands too."""
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    if parser.epilog is None:
        examples = EXAMPLES.get(command) or [_from_usage(parser, command)]
        parser.epilog = "examples:\n" + "\n".join(f"  {line}" for line in examples)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                explain(sub, f"{command} {name}")
        elif action.help is None:
            action.help = SPECIFIC.get((command, action.dest)) or COMMON.get(action.dest)


def _from_usage(parser: argparse.ArgumentParser, command: str) -> str:
    """For a command added without examples here: its positionals, as a reviewer types them."""
    words = {"project": "review.wbproj", "file": "review.wbproj"}
    positionals = [words.get(a.dest, (a.metavar or a.dest).upper()) for a in parser._actions
                   if not a.option_strings and not isinstance(a, argparse._SubParsersAction)]
    return " ".join(["workbench", command, *positionals])


def overview(commands) -> str:
    """The main `workbench --help` epilog: one example per command this build has."""
    lines = [f"  {examples[0]}" for name, examples in EXAMPLES.items()
             if name.split()[0] in commands]
    return "examples (workbench COMMAND --help explains each flag):\n" + "\n".join(lines)

"""Seeded mutations of spreadsheets, MAP.json files and project files, as an attacker or a
corrupted disk would make them (issue 15). Pure functions of (seed bytes, random.Random)."""

from __future__ import annotations

import io
import random
import re
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

HUGE_NUMBERS = [b"1e400", b"-1e309", b"NaN", b"nan", b"Infinity", b"-inf", b"1e-400",
                b"99999999999999999999999999", b"0x1F", b"1,5", b"\xe2\x88\x9e"]
UNICODE = ["\u202eevil\u202c", "Z\u0351\u0352\u0353\u0354" * 50, "\U0001f600" * 30, "\ufeff",
           "e\u0301", "\u0000NUL", "\x01\x02\x03", "\ud7ff\ue000", "A" * 40_000, " \t\r\n "]


# --- bytes --------------------------------------------------------------------------------
def flip_bytes(data: bytes, rng: random.Random, start: int = 0, end: int | None = None
               ) -> bytes:
    """A few random bytes changed between start and end (a bad sector, a bad copy)."""
    out = bytearray(data)
    end = len(out) if end is None else end
    if end <= start:
        return bytes(out)
    for _ in range(rng.randint(1, 12)):
        out[rng.randrange(start, end)] = rng.randrange(256)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.randrange(1, max(len(data), 2))]


# --- XML ------------------------------------------------------------------------------------
def _sub_once(pattern: bytes, data: bytes, rng: random.Random, make) -> bytes:
    matches = list(re.finditer(pattern, data, re.S))
    if not matches:
        return data
    m = rng.choice(matches)
    return data[:m.start()] + make(m) + data[m.end():]


def xml_mutations() -> list[Callable[[bytes, random.Random], bytes]]:
    def number(d, r):
        return _sub_once(rb"<v>[^<]*</v>|office:value=\"[^\"]*\"", d, r, lambda m: (
            b"<v>" + r.choice(HUGE_NUMBERS) + b"</v>" if m.group().startswith(b"<v>")
            else b'office:value="' + r.choice(HUGE_NUMBERS) + b'"'))

    def text(d, r):
        word = r.choice(UNICODE).encode("utf-8", "surrogatepass")
        return _sub_once(rb"<t[^>]*>[^<]*</t>|<text:p>[^<]*</text:p>", d, r,
                         lambda m: m.group().split(b">")[0] + b">" + word + b"</" +
                         m.group().rsplit(b"</", 1)[1])

    def dimension(d, r):
        ref = r.choice([b"A1:XFD1048576", b"A1:ZZZZZZ99999999", b"A1:C4000000000", b"A1:A1"])
        return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="' + ref + b'"', d)

    def cell_ref(d, r):
        ref = r.choice([b"XFD1048576", b"A99999999", b"ZZZZZ5", b"B0", b"AAAAAAAAAA1", b"-1"])
        return _sub_once(rb'<c r="[^"]*"', d, r, lambda m: b'<c r="' + ref + b'"')

    def merge(d, r):
        ref = r.choice([b"A1:ZZZZZ9", b"A2:XFD1048576", b"C3:C900000", b"B2:A1"])
        cells = b'<mergeCells count="1"><mergeCell ref="' + ref + b'"/></mergeCells>'
        return d.replace(b"</sheetData>", b"</sheetData>" + cells, 1)

    def spans(d, r):
        attr = r.choice([b'table:number-columns-repeated="1000000000"',
                         b'table:number-rows-repeated="1000000"',
                         b'table:number-columns-spanned="1000000000"',
                         b'table:number-rows-spanned="99999999"',
                         b'table:number-columns-repeated="-5"'])
        return _sub_once(rb"<table:table-(?:cell|row)\b", d, r, lambda m: m.group() + b" " +
                         attr)

    def counts(d, r):
        return re.sub(rb'(count|uniqueCount)="\d+"', rb'\1="4000000000"', d)

    def duplicate_header(d, r):
        found = re.findall(rb"<t[^>]*>([^<]*)</t>|<text:p>([^<]*)</text:p>", d)
        word = next((a or b for a, b in found if a or b), b"Study")
        return re.sub(rb"(<t[^>]*>|<text:p>)[^<]*(</t>|</text:p>)",
                      lambda m: m.group(1) + word + m.group(2), d, count=r.randint(2, 30))

    def nesting(d, r):
        depth = r.choice([300, 5000, 100_000])
        return _sub_once(rb"</(?:t|text:p|v)>", d, r, lambda m: b"<x>" * depth + b"</x>" * depth
                         + m.group())

    def doctype(d, r):
        bomb = (b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>')
        return d.replace(b"?>", b"?>" + bomb, 1) if b"?>" in d else bomb + d

    def invalid_utf8(d, r):
        return _sub_once(rb"<t[^>]*>[^<]*</t>|<text:p>[^<]*</text:p>|<v>[^<]*</v>", d, r,
                         lambda m: m.group().replace(b">", b">\xff\xfe\xc0", 1))

    def broken(d, r):
        return truncate(d, r) if r.random() < 0.5 else flip_bytes(d, r)

    return [number, text, dimension, cell_ref, merge, spans, counts, duplicate_header,
            nesting, doctype, invalid_utf8, broken]


# --- archives -----------------------------------------------------------------------------
def _members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def _rezip(members: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, body in members:
            archive.writestr(info.filename, body)
    return out.getvalue()


def mutate_archive(data: bytes, rng: random.Random) -> bytes:
    """XML mutation of one member, a flipped compressed stream, an encrypted flag ..."""
    members = _members(data)
    kind = rng.random()
    xml = [i for i, (info, _) in enumerate(members) if info.filename.endswith(".xml")]
    if kind < 0.6 and xml:
        index = rng.choice(xml)
        info, body = members[index]
        sheets = [i for i in xml if b"sheet" in members[i][0].filename.encode().lower()
                  or members[i][0].filename in ("content.xml", "xl/sharedStrings.xml")]
        index = rng.choice(sheets) if sheets and rng.random() < 0.8 else index
        info, body = members[index]
        for _ in range(rng.randint(1, 3)):
            body = rng.choice(xml_mutations())(body, rng)
        members[index] = (info, body)
        return _rezip(members)
    rebuilt = _rezip(members)
    if kind < 0.85:
        return _flip_member_data(rebuilt, rng)
    if kind < 0.93:  # the encrypted bit on one member's local and central headers
        out = bytearray(rebuilt)
        for magic, at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            starts = [m.start() for m in re.finditer(re.escape(magic), rebuilt)]
            if starts:
                out[rng.choice(starts) + at] |= 1
        return bytes(out)
    return truncate(rebuilt, rng)


def _flip_member_data(data: bytes, rng: random.Random) -> bytes:
    """Corrupt the deflate stream of one member (zlib errors, CRC mismatches)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = rng.choice(archive.infolist())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    return flip_bytes(data, rng, start, start + max(info.compress_size, 1))


# --- CSV, XLS, MAP.json -------------------------------------------------------------------
def mutate_csv(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8-sig", "replace")
    lines = text.splitlines()
    choice = rng.randrange(11)
    if choice == 0:
        return "\ufeff".encode("utf-16-le")[:0] + text.encode("utf-16")  # UTF-16 with BOM
    if choice == 1:
        return text.encode("latin-1", "replace")
    if choice == 2:
        return data[:rng.randrange(len(data) + 1)] + b"\x00" + data[rng.randrange(len(data)):]
    if choice == 3:
        lines.insert(rng.randrange(len(lines) + 1), "x" * rng.choice([140_000, 1_100_000]))
    elif choice == 4:
        lines = [re.sub(r"\b\d+\b", lambda m: rng.choice(["1e400", "NaN", "inf", "-1e309"]),
                        ln, count=1) for ln in lines]
    elif choice == 5 and lines:
        lines.insert(1, lines[0])  # the header twice
        lines[0] = lines[0] + "," + lines[0]
    elif choice == 6:
        lines.append("," * rng.choice([20_000, 70_000]))
    elif choice == 7:
        lines.insert(rng.randrange(len(lines) + 1), '"unbalanced,' + "a\n" * 50)
    elif choice == 8:
        lines += [",".join(["1"] * 1000)] * 2100  # more than the cell limit
    elif choice == 9:
        lines = [ln + "," + rng.choice(UNICODE) for ln in lines]
    else:
        return flip_bytes(data, rng)
    return "\r".join(lines).encode("utf-8") if rng.random() < 0.2 else \
        "\n".join(lines).encode("utf-8")


def mutate_xls(data: bytes, rng: random.Random) -> bytes:
    """Size claims (DIMENSIONS, SST, cell rows) set huge, or flipped bytes in the OLE file."""
    out = bytearray(data)
    choice = rng.randrange(4)
    if choice == 0:
        for m in re.finditer(rb"\x00\x02\x0e\x00", data):
            out[m.end() + 4:m.end() + 8] = rng.choice([b"\xff\xff\xff\xff", b"\x00\x00\x10\x00"])
    elif choice == 1:
        for m in re.finditer(rb"\xfc\x00..", data, re.S):
            out[m.end():m.end() + 8] = b"\xff\xff\xff\x7f\xff\xff\xff\x7f"
            break
    elif choice == 2:
        for m in re.finditer(rb"\x03\x02\x0e\x00", data):  # NUMBER records: row 65535
            out[m.end():m.end() + 4] = b"\xff\xff\xff\x00"
    else:
        return flip_bytes(data, rng, rng.choice([0, 512]))
    return bytes(out)


def mutate_mapping(mapping: dict, rng: random.Random) -> bytes:
    choice = rng.randrange(6)
    if choice == 0:
        depth = rng.choice([50, 5000, 100_000])
        return ('{"columns": ' + "[" * depth + "]" * depth + "}").encode()
    bad = dict(mapping)
    if choice == 1:
        bad["header_rows"] = rng.choice([10**9, 10**18, -1, 0, 1.5, "2"])
    elif choice == 2:
        bad["header_row"] = rng.choice([10**12, 2**63, 0])
    elif choice == 3:
        bad["constants"] = {"comparison": "x" * 2_000_000}
    elif choice == 4:
        bad["columns"] = {k: v * 3 for k, v in bad.get("columns", {}).items()}
    else:
        import json

        return json.dumps(bad).encode()[:rng.randrange(1, 40)]
    import json

    return json.dumps(bad).encode()


# --- project files ------------------------------------------------------------------------
FIRST = "WHERE id = (SELECT min(id) FROM {})"
LAST = "WHERE id = (SELECT max(id) FROM {})"
SQL_MUTATIONS = [
    "DELETE FROM _sqlite_migrations WHERE rowid = (SELECT max(rowid) FROM _sqlite_migrations)",
    "DELETE FROM _sqlite_migrations WHERE rowid = (SELECT min(rowid) FROM _sqlite_migrations)",
    "UPDATE _sqlite_migrations SET name = 'zz' WHERE rowid = 2",
    "DROP INDEX study_outcomes_outcome",
    "DROP TABLE audit_log",
    "ALTER TABLE studies DROP COLUMN notes",
    "ALTER TABLE studies ADD COLUMN extra TEXT",
    "CREATE TRIGGER t AFTER INSERT ON studies BEGIN SELECT 1; END",
    "CREATE VIEW v AS SELECT 1",
    "UPDATE studies SET label = CAST(x'41ff42c0' AS TEXT) " + FIRST.format("studies"),
    "UPDATE comparisons SET label = x'00ff' " + FIRST.format("comparisons"),
    "UPDATE outcomes SET label = printf('%.*c', 3000000, 'x') " + FIRST.format("outcomes"),
    "UPDATE extracted_values SET value_num = 'text' " + FIRST.format("extracted_values"),
    "UPDATE extracted_values SET value_num = 9e999 " + FIRST.format("extracted_values"),
    "UPDATE extracted_values SET value_text = x'deadbeef' " + LAST.format("extracted_values"),
    "UPDATE outcomes SET ci_level = 7",
    "UPDATE outcomes SET method = 'XYZ'",
    "UPDATE outcomes SET measure = 'SMD' WHERE data_type = 'dichotomous'",
    "UPDATE outcomes SET cc = -1",
    "UPDATE outcomes SET cc_to = 'sometimes'",
    "UPDATE outcomes SET hksj = 1, method = 'MH'",
    "UPDATE outcomes SET compat = 'revman9'",
    "PRAGMA foreign_keys = OFF; DELETE FROM studies WHERE id = (SELECT min(id) FROM studies)",
    "PRAGMA foreign_keys = OFF; DELETE FROM reviewers",
    "PRAGMA ignore_check_constraints = ON; UPDATE outcomes SET data_type = 'weird'",
    "PRAGMA ignore_check_constraints = ON; UPDATE rob_answers SET answer = 'ZZ'",
    "PRAGMA ignore_check_constraints = ON; UPDATE outcomes SET importance = 42",
    "PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = "
    "replace(sql, 'label TEXT', 'label BLOB') WHERE name = 'studies'",
    "PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = "
    "replace(sql, 'UNIQUE', '') WHERE name = 'reviewers'",
    "PRAGMA application_id = 1",
    "PRAGMA user_version = 99",
    "UPDATE review SET title = printf('%.*c', 200000, 'y')",
    "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
    "VALUES ('workbench', '9999_future', 'now')",
    "UPDATE import_mappings SET mapping_json = '" + "[" * 5000 + "]]]'",
    "UPDATE study_values SET value_num = 'MMXX'",
    # Certainty of evidence (schema 5): levels and domains outside GRADE's, absurd settings.
    "INSERT INTO certainty_judgements VALUES ((SELECT min(id) FROM outcomes), "
    "(SELECT min(id) FROM reviewers), 'imprecision', 99, 'r', '{[', 'now')",
    "INSERT INTO certainty_judgements VALUES ((SELECT min(id) FROM outcomes), "
    "(SELECT min(id) FROM reviewers), 'bogus', -1, 'r', '', 'now')",
    "INSERT INTO certainty_consensus VALUES ((SELECT min(id) FROM outcomes), 'risk_of_bias', "
    "-7, 'x', (SELECT min(id) FROM reviewers), 'now', 'why')",
    "INSERT INTO certainty_settings VALUES ((SELECT min(id) FROM outcomes), 'randomised', "
    "'per_1000', 9e999, -5)",
    "INSERT INTO certainty_settings VALUES ((SELECT max(id) FROM outcomes), NULL, 'mid', "
    "'abc', 0)",
    "INSERT INTO sof_baselines VALUES ((SELECT min(id) FROM outcomes), 1, 'typed', 'x', 5)",
    "INSERT INTO sof_baselines VALUES ((SELECT min(id) FROM outcomes), 1, 'typed', '', NULL)",
    "INSERT INTO sof_rows VALUES ((SELECT min(id) FROM comparisons), 99999, 1)",
    "INSERT INTO sof_statements VALUES ((SELECT min(id) FROM outcomes), x'ff', '', NULL, 'x')",
    "UPDATE rob_assessments SET deviations = 'nonsense,,'",
]


def _execute(path: Path, statement: str, vacuum: bool) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.executescript(statement)
        conn.commit()
        if vacuum:
            conn.execute("VACUUM")
    finally:
        conn.close()
    for leftover in ("-journal", "-wal", "-shm"):
        path.with_name(path.name + leftover).unlink(missing_ok=True)


def mutate_project(seed: Path, target: Path, rng: random.Random) -> str:
    """Write a mutated copy of `seed` to `target`; returns what was done."""
    for leftover in ("-journal", "-wal", "-shm"):  # of the previous case, never this one's
        target.with_name(target.name + leftover).unlink(missing_ok=True)
    target.write_bytes(seed.read_bytes())
    done = []
    if rng.random() < 0.75:
        statement = rng.choice(SQL_MUTATIONS)
        try:
            _execute(target, statement, vacuum=rng.random() < 0.3)
            done.append(statement[:60])
        except sqlite3.Error as err:  # a mutation SQLite itself refuses: flip bytes instead
            done.append(f"(sql failed: {err})")
    if rng.random() < 0.45 or not done:
        data = target.read_bytes()
        page = 4096 if len(data) >= 8192 and data[16:18] == b"\x10\x00" else 1024
        first = rng.randrange(0, max(len(data) // page, 1)) * page
        target.write_bytes(flip_bytes(data, rng, first, min(first + page, len(data))))
        done.append(f"page at {first} flipped")
    return "; ".join(done)

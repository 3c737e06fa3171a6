"""SQL of the Evidence-to-Decision tables: judgements, votes, dissent, recommendation, panel."""

from __future__ import annotations

from typing import Any

from workbench.storage.store import Store, now

JUDGEMENT_TEXTS = ("research_evidence", "additional_considerations")
RECOMMENDATION_FIELDS = ("type", "research_only", "justification", "subgroups",
                         "implementation", "monitoring", "research_priorities")
MEMBER_FIELDS = ("name", "role", "present", "coi_declared", "coi_text")
_EMPTY_JUDGEMENT = {"judgement": None, "research_evidence": "", "additional_considerations": ""}


def judgements(store: Store, comparison_id: int) -> dict[str, dict[str, Any]]:
    """criterion -> {judgement, research_evidence, additional_considerations}."""
    rows = store.execute("SELECT criterion, judgement, research_evidence, "
                         "additional_considerations FROM etd_judgements "
                         "WHERE comparison_id = ?", [comparison_id])
    return {r[0]: {"judgement": r[1], "research_evidence": r[2],
                   "additional_considerations": r[3]} for r in rows}


def judgement(store: Store, comparison_id: int, criterion: str) -> dict[str, Any]:
    return dict(judgements(store, comparison_id).get(criterion, _EMPTY_JUDGEMENT))


def set_judgement(store: Store, comparison_id: int, criterion: str,
                  values: dict[str, Any]) -> None:
    """Store the criterion's whole row; an all-empty row is removed (the file stays plain)."""
    row = {**_EMPTY_JUDGEMENT, **values}
    store.execute("DELETE FROM etd_judgements WHERE comparison_id = ? AND criterion = ?",
                  [comparison_id, criterion])
    if row == _EMPTY_JUDGEMENT:
        return
    store.execute("INSERT INTO etd_judgements (comparison_id, criterion, judgement, "
                  "research_evidence, additional_considerations, updated_at) "
                  "VALUES (?, ?, ?, ?, ?, ?)",
                  [comparison_id, criterion, row["judgement"], row["research_evidence"],
                   row["additional_considerations"], now()])


def votes(store: Store, comparison_id: int) -> dict[str, dict[str, int]]:
    """criterion -> option -> votes."""
    out: dict[str, dict[str, int]] = {}
    for criterion, option, count in store.execute(
            "SELECT criterion, option, votes FROM etd_votes WHERE comparison_id = ? "
            "ORDER BY rowid", [comparison_id]):
        out.setdefault(criterion, {})[option] = count
    return out


def set_votes(store: Store, comparison_id: int, criterion: str, tally: dict[str, int]) -> None:
    """Replace the criterion's tally; options with no votes are not stored."""
    store.execute("DELETE FROM etd_votes WHERE comparison_id = ? AND criterion = ?",
                  [comparison_id, criterion])
    for option, count in tally.items():
        if count:
            store.execute("INSERT INTO etd_votes (comparison_id, criterion, option, votes) "
                          "VALUES (?, ?, ?, ?)", [comparison_id, criterion, option, count])


def dissent(store: Store, comparison_id: int) -> list[dict[str, Any]]:
    rows = store.execute("SELECT id, criterion, member, note, recorded_at FROM etd_dissent "
                         "WHERE comparison_id = ? ORDER BY id", [comparison_id])
    return [{"id": r[0], "criterion": r[1], "member": r[2], "note": r[3], "recorded_at": r[4]}
            for r in rows]


def add_dissent(store: Store, comparison_id: int, criterion: str, member: str, note: str,
                dissent_id: int | None = None, recorded_at: str | None = None) -> int:
    cur = store.execute("INSERT INTO etd_dissent (id, comparison_id, criterion, member, note, "
                        "recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
                        [dissent_id, comparison_id, criterion, member, note,
                         recorded_at or now()])
    return int(cur.lastrowid)


def dissent_entry(store: Store, dissent_id: int) -> dict[str, Any] | None:
    row = store.execute("SELECT comparison_id, criterion, member, note, recorded_at FROM "
                        "etd_dissent WHERE id = ?", [dissent_id]).fetchone()
    return None if row is None else dict(zip(
        ("comparison_id", "criterion", "member", "note", "recorded_at"), row, strict=True))


def delete_dissent(store: Store, dissent_id: int) -> None:
    store.execute("DELETE FROM etd_dissent WHERE id = ?", [dissent_id])


def recommendation(store: Store, comparison_id: int) -> dict[str, Any]:
    row = store.execute(f"SELECT {', '.join(RECOMMENDATION_FIELDS)} FROM etd_recommendations "
                        "WHERE comparison_id = ?", [comparison_id]).fetchone()
    if row is None:
        return {"type": None, "research_only": False, **{f: "" for f in
                                                          RECOMMENDATION_FIELDS[2:]}}
    out = dict(zip(RECOMMENDATION_FIELDS, row, strict=True))
    out["research_only"] = bool(out["research_only"])
    return out


def set_recommendation(store: Store, comparison_id: int, values: dict[str, Any]) -> None:
    row = {**recommendation(store, comparison_id), **values}
    store.execute("DELETE FROM etd_recommendations WHERE comparison_id = ?", [comparison_id])
    empty = row["type"] is None and not row["research_only"] and not any(
        row[f] for f in RECOMMENDATION_FIELDS[2:])
    if empty:
        return
    columns = ", ".join(RECOMMENDATION_FIELDS)
    store.execute(f"INSERT INTO etd_recommendations (comparison_id, {columns}, updated_at) "
                  f"VALUES (?, {', '.join('?' * len(RECOMMENDATION_FIELDS))}, ?)",
                  [comparison_id, *(int(v) if isinstance(v, bool) else v
                                    for v in (row[f] for f in RECOMMENDATION_FIELDS)), now()])


def members(store: Store) -> list[dict[str, Any]]:
    rows = store.execute(f"SELECT id, {', '.join(MEMBER_FIELDS)}, position FROM panel_members "
                         "ORDER BY position, id")
    out = []
    for r in rows:
        member = dict(zip(("id", *MEMBER_FIELDS, "position"), r, strict=True))
        member["present"], member["coi_declared"] = (bool(member["present"]),
                                                     bool(member["coi_declared"]))
        out.append(member)
    return out


def member(store: Store, member_id: int) -> dict[str, Any] | None:
    found = [m for m in members(store) if m["id"] == member_id]
    return found[0] if found else None


def member_id(store: Store, name: str) -> int | None:
    return store.one("SELECT id FROM panel_members WHERE name = ?", [name])


def add_member(store: Store, values: dict[str, Any], member_id_: int | None = None) -> int:
    position = values.get("position") or store.one(
        "SELECT COALESCE(MAX(position), 0) + 1 FROM panel_members")
    row = [_sql(values.get(f, d)) for f, d in zip(MEMBER_FIELDS, ("", "", True, False, ""),
                                                    strict=True)]
    cur = store.execute(f"INSERT INTO panel_members (id, {', '.join(MEMBER_FIELDS)}, position) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)", [member_id_, *row, position])
    return int(cur.lastrowid)


def update_member(store: Store, member_id_: int, values: dict[str, Any]) -> None:
    for field, value in values.items():
        assert field in MEMBER_FIELDS
        store.execute(f"UPDATE panel_members SET {field} = ? WHERE id = ?",
                      [_sql(value), member_id_])


def delete_member(store: Store, member_id_: int) -> None:
    store.execute("DELETE FROM panel_members WHERE id = ?", [member_id_])


def _sql(value: Any) -> Any:
    return int(value) if isinstance(value, bool) else value

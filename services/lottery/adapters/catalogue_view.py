"""The room catalogue in lottery's schema."""
from __future__ import annotations

from typing import Any, Mapping

from shared.consumer import TrackedView


class PostgresCatalogueView(TrackedView):
    create_statements = (
        "CREATE TABLE IF NOT EXISTS {schema}.room_catalogue (room_id text PRIMARY KEY, round_id text NOT NULL,"
        " building text NOT NULL, room_number text NOT NULL, layout text NOT NULL, orientation text NOT NULL,"
        " area_sqm text NOT NULL, taken_in text, taken_at timestamptz)",
        "CREATE INDEX IF NOT EXISTS room_catalogue_search ON {schema}.room_catalogue"
        " (round_id, building, layout, orientation)",
    )

    def add_rooms(self, tx: Any, round_id: str, rooms: Mapping[str, Mapping[str, Any]]) -> None:
        rows = [(room_id, round_id, r["building"], r["room_number"], r.get("layout", ""), r.get("orientation", ""),
                 str(r.get("area_sqm", ""))) for room_id, r in rooms.items()]
        tx.executemany(self.sql("INSERT INTO {schema}.room_catalogue (room_id, round_id, building, room_number,"
                                " layout, orientation, area_sqm) VALUES (%s, %s, %s, %s, %s, %s, %s)"
                                " ON CONFLICT (room_id) DO NOTHING"), rows)

    def take(self, tx: Any, room_ids_to_families: Mapping[str, str], session_id: str) -> None:
        if room_ids_to_families:
            tx.execute(self.sql("UPDATE {schema}.room_catalogue SET taken_in=%s, taken_at=now()"
                                " WHERE room_id = ANY(%s)"), (session_id, list(room_ids_to_families)))

    def release(self, tx: Any, room_id: str) -> None:
        tx.execute(self.sql("UPDATE {schema}.room_catalogue SET taken_in=NULL, taken_at=now() WHERE room_id=%s"),
                   (room_id,))

    def reset_statements(self) -> list[Any]:
        return [self.sql("DELETE FROM {schema}.room_catalogue")]

    def search(self, round_id: str, building: str | None, layout: str | None, orientation: str | None,
               available_only: bool, limit: int, offset: int) -> list[dict[str, Any]]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self.sql(
                "SELECT room_id, building, room_number, layout, orientation, area_sqm, taken_in IS NOT NULL AS taken"
                " FROM {schema}.room_catalogue WHERE round_id=%(round)s"
                " AND (%(building)s::text IS NULL OR building=%(building)s)"
                " AND (%(layout)s::text IS NULL OR layout=%(layout)s)"
                " AND (%(orientation)s::text IS NULL OR orientation=%(orientation)s)"
                " AND (NOT %(available)s OR taken_in IS NULL)"
                " ORDER BY building, room_number LIMIT %(limit)s OFFSET %(offset)s"),
                {"round": round_id, "building": building, "layout": layout, "orientation": orientation,
                 "available": available_only, "limit": limit, "offset": offset})
            return [dict(row) for row in curs.fetchall()]

    def taken(self, round_id: str) -> list[str]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self.sql("SELECT room_id FROM {schema}.room_catalogue WHERE round_id=%s"
                                  " AND taken_in IS NOT NULL"), (round_id,))
            return [row["room_id"] for row in curs.fetchall()]

"""Published rooms as contracts knows them, in contracts' schema."""
from __future__ import annotations

import json
from typing import Any, Mapping

from shared.consumer import TrackedView


class PostgresSellableRoomsView(TrackedView):
    create_statements = (
        "CREATE TABLE IF NOT EXISTS {schema}.sellable_room ("
        " room_id text PRIMARY KEY, project_id text NOT NULL, developer_id text NOT NULL,"
        " saleable boolean NOT NULL, info jsonb NOT NULL)",
    )

    def publish(self, tx: Any, room: Mapping[str, Any]) -> None:
        tx.execute(self.sql(
            "INSERT INTO {schema}.sellable_room VALUES (%s, %s, %s, %s, %s)"
            " ON CONFLICT (room_id) DO UPDATE SET saleable=EXCLUDED.saleable, info=EXCLUDED.info"),
            (room["room_id"], room["project_id"], room["developer_id"], room["saleable"],
             json.dumps(room["info"])))

    def reset_statements(self) -> list[Any]:
        return [self.sql("DELETE FROM {schema}.sellable_room")]

    def room(self, room_id: str) -> dict[str, Any] | None:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self.sql("SELECT * FROM {schema}.sellable_room WHERE room_id=%s"), (room_id,))
            row = curs.fetchone()
            return dict(row) if row else None

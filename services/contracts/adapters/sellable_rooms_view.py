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
        "ALTER TABLE {schema}.sellable_room ADD COLUMN IF NOT EXISTS room_number text NOT NULL DEFAULT '',"
        " ADD COLUMN IF NOT EXISTS building_name text NOT NULL DEFAULT '',"
        " ADD COLUMN IF NOT EXISTS project_name text NOT NULL DEFAULT '',"
        " ADD COLUMN IF NOT EXISTS developer_name text NOT NULL DEFAULT ''",
    )

    def publish(self, tx: Any, room: Mapping[str, Any]) -> None:
        tx.execute(self.sql(
            "INSERT INTO {schema}.sellable_room (room_id, project_id, developer_id, saleable, info, room_number,"
            " building_name, project_name, developer_name) VALUES (%(room_id)s, %(project_id)s, %(developer_id)s,"
            " %(saleable)s, %(info)s, %(room_number)s, %(building_name)s, %(project_name)s, %(developer_name)s)"
            " ON CONFLICT (room_id) DO UPDATE SET saleable=EXCLUDED.saleable, info=EXCLUDED.info,"
            " room_number=EXCLUDED.room_number, building_name=EXCLUDED.building_name,"
            " project_name=EXCLUDED.project_name, developer_name=EXCLUDED.developer_name"),
            {**room, "info": json.dumps(room["info"])})

    def reset_statements(self) -> list[Any]:
        return [self.sql("DELETE FROM {schema}.sellable_room")]

    def room(self, room_id: str) -> dict[str, Any] | None:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self.sql("SELECT * FROM {schema}.sellable_room WHERE room_id=%s"), (room_id,))
            row = curs.fetchone()
            return dict(row) if row else None

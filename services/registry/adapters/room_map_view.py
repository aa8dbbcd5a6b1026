"""The room map stored in registry's schema; rows and consumer positions commit together."""
from __future__ import annotations

import json
from typing import Any, Mapping

from shared.consumer import TrackedView
from services.registry.application.room_map import AVAILABLE


class PostgresRoomMapView(TrackedView):
    create_statements = (
        "CREATE TABLE IF NOT EXISTS {schema}.room_map ("
        " room_id text PRIMARY KEY, project_id text NOT NULL, building_id text NOT NULL,"
        " developer_id text NOT NULL, floor int NOT NULL, room_number text NOT NULL,"
        " status text NOT NULL, contract_id text, info jsonb,"
        " updated_at timestamptz NOT NULL DEFAULT now())",
        "CREATE INDEX IF NOT EXISTS room_map_by_project ON {schema}.room_map"
        " (project_id, building_id, floor, room_number)",
    )

    def define(self, tx: Any, room: Mapping[str, Any]) -> None:
        tx.execute(self.sql(
            "INSERT INTO {schema}.room_map (room_id, project_id, building_id, developer_id, floor,"
            " room_number, status) VALUES (%(room_id)s, %(project_id)s, %(building_id)s,"
            " %(developer_id)s, %(floor)s, %(room_number)s, %(status)s)"
            " ON CONFLICT (room_id) DO NOTHING"), dict(room))

    def set_status(self, tx: Any, room_id: str, status: str, info: Any = None) -> None:
        tx.execute(self.sql(
            "UPDATE {schema}.room_map SET status=%s, info=COALESCE(%s::jsonb, info), updated_at=now()"
            " WHERE room_id=%s"), (status, json.dumps(info) if info is not None else None, room_id))

    def hold(self, tx: Any, room_id: str, contract_id: str, status: str) -> None:
        tx.execute(self.sql(
            "UPDATE {schema}.room_map SET status=%s, contract_id=%s, updated_at=now()"
            " WHERE room_id=%s AND (contract_id IS NULL OR contract_id=%s)"),
            (status, contract_id, room_id, contract_id))

    def release(self, tx: Any, room_id: str, contract_id: str) -> None:
        tx.execute(self.sql(
            "UPDATE {schema}.room_map SET status=%s, contract_id=NULL, updated_at=now()"
            " WHERE room_id=%s AND contract_id=%s"), (AVAILABLE, room_id, contract_id))

    def remove(self, tx: Any, room_id: str) -> None:
        tx.execute(self.sql("DELETE FROM {schema}.room_map WHERE room_id=%s"), (room_id,))

    def reset_statements(self) -> list[Any]:
        return [self.sql("DELETE FROM {schema}.room_map")]

    def project_rooms(self, project_id: str) -> list[dict[str, Any]]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self.sql(
                "SELECT room_id, building_id, developer_id, floor, room_number, status, contract_id, info"
                " FROM {schema}.room_map WHERE project_id=%s ORDER BY building_id, floor, room_number"),
                (project_id,))
            return [dict(row) for row in curs.fetchall()]

    def projects_of_developer(self, developer_id: str) -> list[str]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self.sql("SELECT DISTINCT project_id FROM {schema}.room_map WHERE developer_id=%s"),
                         (developer_id,))
            return [row["project_id"] for row in curs.fetchall()]

    def room(self, room_id: str) -> dict[str, Any] | None:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self.sql(
                "SELECT room_id, project_id, building_id, developer_id, floor, room_number, status,"
                " contract_id, info FROM {schema}.room_map WHERE room_id=%s"), (room_id,))
            row = curs.fetchone()
            return dict(row) if row else None

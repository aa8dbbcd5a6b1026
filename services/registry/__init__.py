"""Registry: enterprises, accounts, projects, buildings, rooms and the room map (guide 000, 001)."""

"""Page objects: one module per portal page set, each step a function a test composes (pages/developer.py,
pages/bureau.py, pages/family.py, pages/check.py), so the guide-length tests read as the guides do."""

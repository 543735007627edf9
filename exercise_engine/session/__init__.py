"""The session layer: a session file as the people in the room use it, free of any console code.

Between the engine and store below and the consoles, report and CLI above: opening a session (new,
resume, read-only), the facilitator lease and takeover, the write-lock probe, the background loop
that ticks the engine or reads the log, and the room's writes.
"""

"""Data models (pydantic only): what scenario, library, profile and session files may contain."""

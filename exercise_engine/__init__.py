"""Tabletop exercise engine for mass-violence-incident preparedness."""

__version__ = "0.1.0"

"""MSEL spreadsheets in and out: a planner's Excel or CSV Master Scenario Events List becomes a scenario
file, and a scenario prints as an HSEEP-style MSEL. Layer: beside report (imports model, loader, engine)."""

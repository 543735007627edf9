"""Print-ready handouts built from a scenario: Situation Manual, Controller/Evaluator handbook, Exercise
Evaluation Guides, participant feedback form and inject cards (see `write.py`)."""

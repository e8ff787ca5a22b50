"""The diff corpus: its base, its pairs (`pairs.py`) and their golden reports."""

"""`guideline diff OLD NEW`: what changed between two versions of a guideline.

`compare(old_text, old_name, new_text, new_name)` returns a `Diff`: the contract changes
(`compiler.diff.contract`), the regions of patients the versions treat differently
(`compiler.diff.behaviour`, described by `compiler.diff.describe`), each with a witness checked on
both compiled evaluators, the steps that changed, and the version rule. `compiler.diff.report`
writes it as text or JSON.
"""

from compiler.diff.compare import Diff, compare

__all__ = ["Diff", "compare"]

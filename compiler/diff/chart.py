"""`--flowchart OUT`: the new version's flowchart with the changed steps and branches marked (the
flowchart's `coverage` overlay mode: marked elements in red on a normal chart) and the removed
steps listed under the title. Uses only the flowchart's public `Overlay` and `render_file`."""

from __future__ import annotations

from compiler.diff.compare import Diff


def render_changes(diff: Diff, path: str) -> None:
    from compiler.flowchart.output import render_file
    from compiler.flowchart.overlay import Overlay

    new = diff.new
    changed = frozenset(s.step for s in diff.steps if s.kind != "removed" and new.has_step(s.step))
    taken: set[tuple[str, str]] = set()
    for region in diff.regions:
        steps = (*region.new_steps, "end")
        taken.update(zip(steps, steps[1:], strict=False))
    edges = frozenset(
        (source, target, branch["index"])
        for source, target, edge in new.graph.edges(data=True)
        for branch in edge["branches"]
        if source in changed and (source, target) in taken
    )
    removed = tuple(f"removed: {s.step}" for s in diff.steps if s.kind == "removed")
    note = (f"Changed since {diff.old.version}: {len(changed)} step(s), {len(diff.regions)} region(s)",)
    overlay = Overlay(
        mode="coverage", nodes=changed, edges=edges, note_title="Changes", note=note, listed=removed
    )
    render_file(new, path, overlay)

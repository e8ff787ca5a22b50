"""The language server of the guideline language (`guideline lsp`): diagnostics as the author
types, hover, go to definition, references, rename, completion, the outline, code actions and
formatting, over LSP on stdio (pygls). See docs/editor.md."""

"""Writing a plan: the engine runs (MkDocs through the hook, an export for other engines),
the handout PDF, incremental records, many schools on many cores."""

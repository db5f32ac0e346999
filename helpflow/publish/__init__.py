"""Finishing and publishing a built site: the passes over its HTML, the host files and
security headers, the output folder swapped in whole."""

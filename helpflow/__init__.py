"""helpflow: one decision-tree model, many branded multilingual help sites.

Every module here is plain Python and never imports MkDocs, except
``helpflow.build.mkdocs_site``, the adapter that runs MkDocs builds.
"""



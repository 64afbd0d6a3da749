"""Writes of the declarations app, one module per part: ``declaring`` (drafts, publication,
revision, withdrawal, needs-update), ``screening`` (automated checks), ``migration`` (importing
existing declarations). Import from the module itself."""

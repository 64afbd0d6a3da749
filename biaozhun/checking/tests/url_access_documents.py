"""Access rows for the upload of documents whose references are checked (merged by ``url_access``).

Every signed-in persona may check a document (the check is theirs); an anonymous visitor is sent
to sign in. A POST without a file shows the form again with its error. The check the upload makes
is opened on ``checking:check_detail``, whose rows (and 404 for another's check) are the checks
part's.
"""

from __future__ import annotations

from biaozhun.core.testing import SIGNED_IN, Case, named

ACCESS: dict[str, list[Case]] = {
    "checking:document_new": [
        Case(named("checking:document_new"), SIGNED_IN),
        Case(named("checking:document_new"), SIGNED_IN, method="post", note="no file: the form again"),
    ],
}

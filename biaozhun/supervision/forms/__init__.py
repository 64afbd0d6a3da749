"""Forms of the supervision app (``plans``)."""

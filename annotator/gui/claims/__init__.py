"""The claims window: every guarantee of one annotation set with who gives it, to whom, on what condition, and who says so."""

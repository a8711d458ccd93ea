"""Members of the loyalty programme: the buyer's profile, segments and consents."""

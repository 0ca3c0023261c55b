"""The reviewer's windows: comparing two analysts with the gold set, adjudicating, the decision log and agreement."""

"""A small learned sentence scorer for PLOVER ASSAULT / PROTEST, trained on the Arabic event
GSR (openeventdata/arabic_event_gsr, MIT licence): hashed word/char/rule features
(`features`), numpy logistic regression (`logreg`), training and honest cross-validation
(`train`), and the runtime API (`scorer.sentence_scores`)."""

"""Reading analysis runs, one module per job:

- `access`: who may read runs, and who may start, cancel and review them;
- `run_input`: what goes into a run (records, codebook, people's labels, votes, input hash);
- `coding`: the codebook and the analysts' own codes;
- `review_queue`: the review of a run's suggestions (open, decided elsewhere, label next, pages);
- `quoting`: quotes as they may be shown today;
- `outputs`: a finished run's report and analysis.json as they may leave the system today;
- `comparing`: two runs side by side;
- `describing`: a run's filter, themes and languages in the words of its pages.
"""

"""The harvest: every contribution comes in here, whatever the channel.

Where things are:

- recording, the one way in: `actions` (record_contributions, with `language` and `bulk`, the
  fast writer);
- table entry, a facilitator's form with drafts: `services` (writes), `selectors` (the three
  questions, stories, quotes);
- file import: `importing` (validation and the report per row), `readers` (the file's rows, in
  the import's words), `tablemap` (a file's own table names mapped to the programme's tables);
- Polis: `polis`; the Word table report: `tablereport`;
- `exports` (the spreadsheet-safe CSV), `forms`, `views`, `admin`, and the commands in
  `management/commands` (oogst import contributions | polis | tablereport).
"""

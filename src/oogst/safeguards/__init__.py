"""Privacy in the web app: the redacted text of every contribution, its review, consent,
quotes that may leave the system, participants' rights, retention and the audit log.

Where things are:

- what recording does for privacy: `intake` (the audit line and the redaction, handed to
  `oogst.harvest.actions`), `jobs` (a bulk import's redaction in the background);
- `redaction` (the bridge to the `oogst.privacy` engine);
- `selectors/` (reading: redacted, consent, quotes, subjects, overview) and `services`
  (writing: review, policy, withdrawal, consent on behalf, erase, purge, the audit log);
- `exports` (the memo, CSV and JSON of quotes), `forms`, `views`, `admin`, and the commands
  `oogst redactions` and `oogst purge`.
"""

"""Mail sources (mbox, Maildir, .eml folders and files, IMAP) and the message ledger."""

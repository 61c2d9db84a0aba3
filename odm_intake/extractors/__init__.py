"""From a stored mail to dossier drafts: MIME walk, readers (text, HTML, PDF, OCR),
classification, field extraction, normalisation and the procedure's rules."""

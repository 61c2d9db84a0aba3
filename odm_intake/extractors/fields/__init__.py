"""Field extraction: form labels by geometry, free-text cues, value parsing and normalisation."""

"""French words of the page for the stored codes (kinds, statuses, warnings, event actions)."""

KINDS = {"odm_agence": "ODM agence", "courtage": "Courtage", "cs2i": "CS2I", "c2s": "C2S", "other": "Autre"}
STATUSES = {"to_review": "À vérifier", "blocked": "Bloqué", "confirmed": "Confirmé", "rejected": "Rejeté", "ignored": "Ignoré"}
WARNINGS = {
    "dde_cause_not_repaired": "DDE : cause non réparée",
    "dde_cause_unknown": "DDE : cause réparée ?",
    "leak_repair_not_covered": "Réparation de fuite",
    "no_leak_search_owner_occupied_house": "Recherche de fuite PO maison",
    "cosmetic_repairs_not_covered": "Embellissements",
    "possible_duplicate": "Doublon possible",
    "low_confidence": "Lecture incertaine",
    "unreadable_attachment": "Pièce jointe illisible",
    "processing_failed": "Échec du traitement",
}
ACTIONS = {"created": "créé", "reprocessed": "retraité", "reprocess_requested": "retraitement demandé", "edited": "modifié",
           "confirmed": "confirmé", "rejected": "rejeté", "reopened": "rouvert"}
PERILS = {"dde": "Dégât des eaux", "bris_de_glace": "Bris de glace", "choc_vehicule": "Choc de véhicule", "vol_cles": "Vol de clés",
          "perte_cles": "Perte de clés", "incendie": "Incendie", "autre": "Autre"}

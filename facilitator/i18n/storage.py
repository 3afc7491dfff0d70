"""Messages of the data folder: opening, saving, damaged files, locks."""

STRINGS: dict[str, tuple[str, str]] = {
    "folder_missing": (
        "dossier de données introuvable : {path} (créez-le ou indiquez --data)",
        "data folder not found: {path} (create it or pass --data)",
    ),
    "folder_is_file": (
        "le dossier de données {path} est un fichier, pas un dossier",
        "data folder {path} is a file, not a folder",
    ),
    "folder_unwritable": (
        "le dossier de données {path} n'est pas accessible en écriture",
        "data folder {path} is not writable",
    ),
    "folder_unreadable": (
        "le dossier de données {path} n'est pas lisible",
        "data folder {path} is not readable",
    ),
    "not_initialised": (
        "le dossier de données {path} n'est pas encore initialisé (pas de keyring.json)",
        "data folder {path} is not set up yet (no keyring.json)",
    ),
    "already_initialised": (
        "le dossier de données {path} est déjà initialisé (keyring.json existe)",
        "data folder {path} is already set up (keyring.json exists)",
    ),
    "passphrase_too_short": (
        "phrase de passe trop courte : au moins {minimum} caractères",
        "passphrase too short: at least {minimum} characters",
    ),
    "wrong_passphrase": (
        "phrase de passe incorrecte pour le dossier de données {path}",
        "wrong passphrase for data folder {path}",
    ),
    "wrong_recovery_key": (
        "clé de récupération incorrecte pour le dossier de données {path}",
        "wrong recovery key for data folder {path}",
    ),
    "malformed_recovery_key": (
        "clé de récupération non reconnue : 8 groupes de 4 caractères attendus (XXXX-XXXX-…)",
        "recovery key not recognised: expected 8 groups of 4 characters (XXXX-XXXX-…)",
    ),
    "corrupt_with_backup": (
        "fichier endommagé {relpath} ({reason}) ; dernière sauvegarde valide : {backup} ({when}) ; "
        "pour la remettre : facilitator restore {relpath}",
        "damaged file {relpath} ({reason}); latest good backup: {backup} ({when}); "
        "to put it back: facilitator restore {relpath}",
    ),
    "corrupt_no_backup": (
        "fichier endommagé {relpath} ({reason}) ; aucune sauvegarde",
        "damaged file {relpath} ({reason}); no backup",
    ),
    "reason_empty": ("fichier vide", "empty file"),
    "reason_truncated": ("tronqué", "truncated"),
    "reason_foreign": ("pas un fichier facilitator", "not a facilitator file"),
    "reason_format": ("format inconnu", "unknown format"),
    "reason_auth": (
        "échec de l'authentification : endommagé, tronqué ou déplacé",
        "authentication failed: damaged, truncated or moved",
    ),
    "reason_json": ("contenu illisible", "unreadable content"),
    "newer_schema": (
        "le fichier {relpath} a été enregistré par une version plus récente de facilitator "
        "(schéma {found}, cette version lit jusqu'au schéma {supported}) : mettez facilitator à jour",
        "file {relpath} was saved by a newer version of facilitator "
        "(schema {found}, this version reads up to schema {supported}); update facilitator",
    ),
    "lock_timeout": (
        "{relpath} est verrouillé par un autre programme (attente de {seconds} s) ; réessayez",
        "{relpath} is locked by another program (waited {seconds} s); try again",
    ),
    "save_failed": ("impossible d'enregistrer {relpath} : {reason}", "could not save {relpath}: {reason}"),
    "read_failed": ("impossible de lire {relpath} : {reason}", "could not read {relpath}: {reason}"),
    "delete_failed": ("impossible de supprimer {relpath} : {reason}", "could not delete {relpath}: {reason}"),
    "read_only": (
        "le dossier de données est ouvert en lecture seule : {relpath} ne peut pas être modifié",
        "the data folder is open read-only: {relpath} cannot be changed",
    ),
    "no_good_backup": (
        "aucune sauvegarde valide de {relpath} à restaurer",
        "no good backup of {relpath} to restore",
    ),
    "errno_ENOSPC": ("plus d'espace libre sur le disque", "no space left on device"),
    "errno_EDQUOT": ("quota disque dépassé", "disk quota exceeded"),
    "errno_EACCES": ("permission refusée", "permission denied"),
    "errno_EPERM": ("opération non permise", "operation not permitted"),
    "errno_EROFS": ("système de fichiers en lecture seule", "read-only file system"),
    "errno_EIO": ("erreur d'entrée/sortie du disque", "input/output error"),
}

"""Messages of the folder's integrity: the keyring and its copies, the manifest, restore, purge, rekey."""

STRINGS: dict[str, tuple[str, str]] = {
    "keyring_field": ("champ {field} invalide ou hors limites", "field {field} invalid or out of bounds"),
    "keyring_damaged_no_copy": (
        "keyring.json est endommagé ({reason}) et aucune copie n'est valide dans {path}/.backups ; "
        "ouvrez le dossier avec la clé de récupération (facilitator passphrase --recovery-key-file FICHIER)",
        "keyring.json is damaged ({reason}) and no copy is valid in {path}/.backups; "
        "open the folder with the recovery key (facilitator passphrase --recovery-key-file FILE)",
    ),
    "no_copy": ("aucune copie valide", "no valid copy"),
    "keyring_missing_with_copies": (
        "keyring.json manque dans {path}, qui contient des données : il n'est pas recréé (les données "
        "deviendraient illisibles) ; copies : {copies} ; pour le remettre : facilitator restore keyring.json",
        "keyring.json is missing from {path}, which holds data: it is not created again (the data would "
        "become unreadable); copies: {copies}; to put it back: facilitator restore keyring.json",
    ),
    "keyring_missing_recovery": (
        "keyring.json et ses copies manquent dans {path}, qui contient des données : il n'est pas recréé ; "
        "ouvrez le dossier avec la clé de récupération (facilitator passphrase --recovery-key-file FICHIER), "
        "qui choisit une nouvelle phrase de passe",
        "keyring.json and its copies are missing from {path}, which holds data: it is not created again; "
        "open the folder with the recovery key (facilitator passphrase --recovery-key-file FILE) to choose "
        "a new passphrase",
    ),
    "keyring_missing_no_copy": (
        "keyring.json manque dans {path}, qui contient des données, et aucune copie n'existe "
        "(.backups/keyring.json.1, keyring-recovery.json) : remettez-le depuis une sauvegarde du dossier",
        "keyring.json is missing from {path}, which holds data, and no copy exists "
        "(.backups/keyring.json.1, keyring-recovery.json): put it back from a backup of the folder",
    ),
    "wrap_damaged": (
        "la phrase de passe est juste mais la clé chiffrée de keyring.json est endommagée dans {path} ; "
        "copies : {copies} ; pour en remettre une : facilitator restore keyring.json --force, "
        "ou ouvrez avec la clé de récupération",
        "the passphrase is right but the wrapped key in keyring.json is damaged in {path}; copies: {copies}; "
        "to put one back: facilitator restore keyring.json --force, or open with the recovery key",
    ),
    "no_recovery_wrap": (
        "aucune clé de récupération utilisable dans {path} (keyring.json et keyring-recovery.json endommagés)",
        "no usable recovery wrap in {path} (keyring.json and keyring-recovery.json damaged)",
    ),
    "restore_healthy": (
        "{file} est intact : rien à restaurer (ajoutez --force pour le remplacer quand même par sa sauvegarde)",
        "{file} is healthy: nothing to restore (add --force to replace it with its backup anyway)",
    ),
    "keyring_restored": (
        "{file} remis en place depuis {copy} ; l'ancien fichier est gardé sous {kept}",
        "{file} put back from {copy}; the old file is kept as {kept}",
    ),
    "reason_no_key": (
        "la clé de son cycle n'existe plus : le cycle a été purgé",
        "its cycle's key is gone: the cycle was purged",
    ),
    "missing_with_backup": (
        "fichier manquant {relpath} (il a été supprimé ou déplacé) ; dernière sauvegarde valide : {backup} "
        "({when}) ; pour la remettre : facilitator restore {relpath}",
        "missing file {relpath} (it was deleted or moved); latest good backup: {backup} ({when}); "
        "to put it back: facilitator restore {relpath}",
    ),
    "missing_no_backup": (
        "fichier manquant {relpath} (il a été supprimé ou déplacé) ; aucune sauvegarde",
        "missing file {relpath} (it was deleted or moved); no backup",
    ),
    "rolled_back": (
        "{relpath} a été remplacé par une version plus ancienne (version {found}, le dossier attend la "
        "version {expected}) : une sauvegarde recopiée par-dessus ? Il n'est ni lu ni modifié ; sauvegarde "
        "la plus récente : {backup} ; pour accepter cette version ancienne : facilitator restore {relpath} --force",
        "{relpath} was replaced by an older version (version {found}, the folder expects version {expected}): "
        "a backup copied over it? It is neither read nor written over; newest backup: {backup}; to accept "
        "the older version: facilitator restore {relpath} --force",
    ),
    "keys_damaged": (
        "keys.db (les clés des cycles) est endommagé ; copie valide : {backup} ; "
        "pour la remettre : facilitator restore keys.db",
        "keys.db (the cycles' keys) is damaged; good copy: {backup}; to put it back: facilitator restore keys.db",
    ),
    "cycle_purging": (
        "le cycle {cycle} est en cours de purge : rien ne peut y être enregistré",
        "cycle {cycle} is being purged: nothing can be saved in it",
    ),
    "written_with_warning": (
        "enregistré, mais la synchronisation du disque a échoué ({detail}) : vérifiez le disque",
        "saved, but syncing the disk failed ({detail}): check the disk",
    ),
    "audit_chain_broken": (
        "journal d'audit altéré : une ligne avant celle-ci a été supprimée, ajoutée ou déplacée",
        "audit log altered: a line before this one was removed, added or moved",
    ),
    "audit_end_missing": (
        "journal d'audit altéré : ses dernières lignes (ou le fichier d'un mois) ont été supprimées",
        "audit log altered: its last lines (or a month's file) were removed",
    ),
    "restored_missing": (
        "{file} remis en place depuis sa dernière sauvegarde valide",
        "{file} put back from its latest good backup",
    ),
    "out_symlink": (
        "--out {path} est un lien symbolique : donnez le chemin d'un vrai fichier ou dossier",
        "--out {path} is a symbolic link: give the path of a real file or folder",
    ),
    "out_special": (
        "--out {path} n'est ni un fichier ni un dossier (périphérique, tube ou socket) : refusé",
        "--out {path} is neither a file nor a folder (a device, pipe or socket): refused",
    ),
    "check_ok": (
        "{path} : {files} fichiers vérifiés, journal d'audit intact",
        "{path}: {files} files verified, audit log intact",
    ),
    "check_problems_one": ("{n}\u00a0problème dans {path}", "{n} problem in {path}"),
    "check_problems_other": ("{n}\u00a0problèmes dans {path}", "{n} problems in {path}"),
    "rekey_interrupted": (
        "le changement de clé de {path} a été interrompu : relancez facilitator rekey pour le terminer",
        "the key change of {path} was interrupted: run facilitator rekey again to finish it",
    ),
    "rekey_pending_damaged": (
        ".backups/rekey.pending est endommagé : le changement de clé interrompu ne peut pas être terminé",
        ".backups/rekey.pending is damaged: the interrupted key change cannot be finished",
    ),
    "rekey_done": (
        "Clé du dossier remplacée : les anciennes copies de keyring.json et l'ancienne clé de récupération "
        "n'ouvrent plus ce dossier.",
        "Folder key replaced: old copies of keyring.json and the old recovery key no longer open this folder.",
    ),
    "rekey_running": (
        "une console utilise {path} : fermez toutes les consoles avant de changer la clé",
        "a console is using {path}: close every console before changing the key",
    ),
    "json_too_deep": ("imbrication trop profonde", "nested too deeply"),
    "json_number_too_long": ("nombre trop long (plus de 4300 chiffres)", "number too long (over 4300 digits)"),
    "unscorable": ("entrée standard : valeurs impossibles à calculer ({error})",
                   "standard input: values that cannot be computed ({error})"),
    "kit": (
        "KIT DE RÉCUPÉRATION — facilitator\n\nDossier de données : {path}\nÉtabli le : {date}\n\n"
        "Clé de récupération :\n\n    {key}\n\n"
        "Elle rouvre ce dossier si la phrase de passe est perdue :\n"
        "    facilitator passphrase --data {path} --recovery-key-file FICHIER\n"
        "(FICHIER contient la clé sur sa première ligne ; choisissez ensuite une nouvelle phrase de passe).\n\n"
        "Imprimez cette page, rangez-la sous clé loin de l'ordinateur, puis supprimez ce fichier.",
        "RECOVERY KIT — facilitator\n\nData folder: {path}\nMade on: {date}\n\n"
        "Recovery key:\n\n    {key}\n\n"
        "It reopens this folder if the passphrase is lost:\n"
        "    facilitator passphrase --data {path} --recovery-key-file FILE\n"
        "(FILE holds the key on its first line; then choose a new passphrase).\n\n"
        "Print this page, lock it away from the laptop, then delete this file.",
    ),
    "kit_written": (
        "Kit de récupération écrit dans {path} : imprimez-le puis supprimez ce fichier.",
        "Recovery kit written to {path}: print it, then delete this file.",
    ),
    "kit_failed": ("impossible d'écrire le kit de récupération {path} : {reason}",
                   "could not write the recovery kit {path}: {reason}"),
    "no_such_folder": ("son dossier n'existe pas", "its folder does not exist"),
    "copy_damaged": (
        "{copy} : copie endommagée ou absente de {name} (les autres copies servent ; "
        "la prochaine modification la réécrit)",
        "{copy}: damaged or missing copy of {name} (the other copies serve; the next change rewrites it)",
    ),
}

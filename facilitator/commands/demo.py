"""`facilitator demo`: create a complete fictitious cycle (labelled as such) to try the console and exports.

On a new data folder it also creates the encrypted vault, with the passphrase of `--passphrase-file`
or one it chooses and prints (with the recovery key). The last line printed is the new cycle's id
alone, so scripts can read it.
"""

from __future__ import annotations

import argparse
import secrets
from pathlib import Path

from facilitator.errors import UserError
from facilitator.i18n import t

# French-ish words for generated passphrases: 6 of 256 words give 48 bits before Argon2id.
_WORDS = (
    "abricot acier agneau aigle algue allee amande ambre ancre anis arbre argile arome atlas aube avoine "
    "badge baie balcon bambou banjo barque basalte bassin baume berge biche bijou bison bleuet bocal bois "
    "bonbon bouee boussole brebis brique brume buffle cabane cacao cadran cahier caillou calme canal canoe "
    "cape carafe carton castor cedre cerise chalet chamois chanvre charme chene cidre cigale citron clairon "
    "clef colline comete congre copeau corail cornet coton crabe craie crique cygne dauphin delta dentelle "
    "dune ebene ecorce ecume eglantine elan emeraude encre epice erable etang etoile falaise faon farine "
    "fenouil figue flamme fleuve flocon foin folio fontaine foret fougere fraise frene fusain galet gazelle "
    "genet girafe givre glycine gondole gravier grenade grive guitare hamac hameau haricot herbe heron "
    "hibou houblon hublot ibis iris ivoire jade jardin jasmin jonc jungle kayak kiwi lagune lama lanterne "
    "laurier lavande levain lierre lilas lime lin loutre lucarne lune lynx macaron mandarine marbre marelle "
    "marmotte mesange miel mimosa mirabelle moulin mousse muguet myrtille navet nectar neige noisette "
    "nuage oasis ocre olive ombre onde opale orage orge ortie osier ours pagaie paille palmier panda "
    "papaye pastel pavot pelote perle peuplier phare pigeon pinson piment pirogue plage plume poivre "
    "pollen pomme prairie prune puits quartz quetzal radis raisin rameau renard requin rivage roseau "
    "rubis ruche sable safran sapin saule serin sextant silex sorbet source sureau tamis tapir thym tilleul "
    "tomate torrent toucan trefle tulipe tunnel ublette vague vallon vanille velours verger vigne violon "
    "volcan yaourt zebre zeste"
).split()


def generate_passphrase(words: int = 6) -> str:
    """A random passphrase of French-ish words joined by dashes (chosen with `secrets`)."""
    return "-".join(secrets.choice(_WORDS) for _ in range(words))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=int, default=1, help=t("cli.opt_seed"))
    parser.add_argument("--cycles", type=int, default=1, metavar="N",
                        help=t("cli.opt_demo_cycles"))
    parser.add_argument("--sites", type=int, default=1, metavar="N",
                        help=t("cli.opt_demo_sites"))
    # Tests only: a cheap key derivation for a new vault. Hidden; never the default.
    parser.add_argument("--fast-test-kdf", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--into-real-data", action="store_true",
                        help=t("cli.opt_into_real_data"))


def run(args: argparse.Namespace) -> int:
    from facilitator.commands._common import data_folder, load_programme, read_passphrase_file
    from facilitator.storage.vault import FAST_TEST_KDF, KdfParams

    programme = load_programme(args.programme)
    if not args.data.exists():      # a demo may start from nothing: make the folder
        try:
            args.data.mkdir(parents=True)
        except OSError as exc:
            raise UserError(f"cannot create the data folder {args.data}: {exc.strerror}") from None
    folder = data_folder(args.data, writable=True)
    passphrase = read_passphrase_file(args.passphrase_file)
    kdf = FAST_TEST_KDF if args.fast_test_kdf else KdfParams()
    if not 1 <= args.cycles <= 12:
        raise UserError(f"--cycles {args.cycles}: give 1 to 12 cycles")
    if not 1 <= args.sites <= min(6, args.cycles):
        raise UserError(f"--sites {args.sites}: give 1 to 6 sites, and no more sites than cycles")
    if args.cycles == 1 and args.sites == 1:
        cycle_id = make_demo(folder, programme, passphrase=passphrase, seed=args.seed, kdf=kdf, out=print,
                             into_real_data=args.into_real_data)
        print(cycle_id)
        return 0
    ids = make_pooled_demo(folder, programme, passphrase=passphrase, cycles=args.cycles, sites=args.sites,
                           seed=args.seed, kdf=kdf, out=print, into_real_data=args.into_real_data)
    if args.sites > 1:   # each site's cycles, to try `report --cycles ... --hash-ids` then `pool`
        for index in range(args.sites):
            print(t("pooled.demo_site_cycles", site=DEMO_SITE_NAMES[index], ids=",".join(ids[index::args.sites])))
    print(t("pooled.demo_hint", data=args.data))
    print(",".join(ids))
    return 0


DEMO_SITE_NAMES = ("Service d'addictologie A (démonstration)", "Service d'addictologie B (démonstration)",
                   "Service d'addictologie C (démonstration)", "Service d'addictologie D (démonstration)",
                   "Service d'addictologie E (démonstration)", "Service d'addictologie F (démonstration)")


def refuse_real_data(store, folder: Path, allowed: bool) -> None:  # noqa: ANN001 - a storage Store
    """A demo never mixes fictitious cycles into a folder of real ones unless told `--into-real-data`."""
    real = [cycle for cycle in store.list_cycles() if not cycle.demo]
    if real and not allowed:
        from facilitator.core.formatting import tn

        raise UserError(tn("room.demo_real_data", len(real), path=folder))


def make_pooled_demo(folder: Path, programme, *, passphrase: str | None, cycles: int, sites: int,  # noqa: ANN001
                     seed: int = 1, kdf=None, out=print, into_real_data: bool = False) -> list[str]:  # noqa: ANN001
    """Several demo cycles spread over `sites` fictitious sites, each site's cycles a term apart; their ids.

    Each cycle has its own seed (different people, scores and verbatims) and start date.
    """
    from datetime import timedelta

    from facilitator.core.clock import SystemClock
    from facilitator.core.demo import DEMO_START
    from facilitator.storage.demo import create_demo_cycle
    from facilitator.storage.repository import Store

    vault = _open_or_create(folder, passphrase, kdf, out)
    store = Store(vault, SystemClock())
    refuse_real_data(store, folder, into_real_data)
    ids = []
    for index in range(cycles):
        site_index, term = index % sites, index // sites
        start = DEMO_START + timedelta(weeks=14 * term + 2 * site_index)
        label = f"Cycle de démonstration {index + 1} (fictif)"
        cycle = create_demo_cycle(store, programme, seed=seed + index, site=DEMO_SITE_NAMES[site_index],
                                  start=start, label=label)
        out(t("review.demo_created", label=cycle.label, participants=len(cycle.participants)))
        ids.append(cycle.id)
    return ids


def _open_or_create(folder: Path, passphrase: str | None, kdf, out):  # noqa: ANN001, ANN202
    from facilitator.storage.vault import KdfParams, Vault

    if Vault.is_initialised(folder):
        if passphrase is None:
            raise UserError(t("review.demo_needs_passphrase", path=folder))
        return Vault.unlock(folder, passphrase)
    chosen = passphrase is None
    passphrase = passphrase or generate_passphrase()
    vault, recovery = Vault.create(folder, passphrase, kdf=kdf or KdfParams())
    out(t("review.demo_vault_created", path=folder))
    if chosen:
        out(t("review.demo_passphrase", passphrase=passphrase))
    out(t("review.demo_recovery_key", recovery=recovery))
    return vault


def make_demo(folder: Path, programme, *, passphrase: str | None, seed: int = 1,  # noqa: ANN001
              kdf=None, out=print, into_real_data: bool = False) -> str:  # noqa: ANN001
    """Create (or open) the vault in `folder`, add the demo cycle, and return its id.

    Without a passphrase a new vault gets a generated one, printed with `out`; an existing vault
    needs the passphrase.
    """
    from facilitator.core.clock import SystemClock
    from facilitator.storage.demo import create_demo_cycle
    from facilitator.storage.repository import Store
    from facilitator.storage.vault import KdfParams, Vault

    if Vault.is_initialised(folder):
        if passphrase is None:
            raise UserError(t("review.demo_needs_passphrase", path=folder))
        vault = Vault.unlock(folder, passphrase)
    else:
        chosen = passphrase is None
        passphrase = passphrase or generate_passphrase()
        vault, recovery = Vault.create(folder, passphrase, kdf=kdf or KdfParams())
        out(t("review.demo_vault_created", path=folder))
        if chosen:
            out(t("review.demo_passphrase", passphrase=passphrase))
        out(t("review.demo_recovery_key", recovery=recovery))
    store = Store(vault, SystemClock())
    refuse_real_data(store, folder, into_real_data)
    cycle = create_demo_cycle(store, programme, seed=seed)
    out(t("review.demo_created", label=cycle.label, participants=len(cycle.participants)))
    return cycle.id

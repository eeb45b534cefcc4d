// French wording of the answer's values: distances, amounts, shares, relations, statuses and
// geometry precision. Pure functions, shared by the panel, the popups, the exports and the print.

const NUMBER = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const PERCENT = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 });
const EUROS = new Intl.NumberFormat('fr-FR', {
  style: 'currency',
  currency: 'EUR',
  maximumFractionDigits: 0,
});

export function distance(m) {
  if (m == null || !Number.isFinite(m)) return '';
  if (m < 1) return 'sur place';
  if (m < 1000) return `à ${NUMBER.format(Math.round(m))} m`;
  return `à ${(m / 1000).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} km`;
}

export function amount(eur) {
  if (eur == null || !Number.isFinite(eur)) return '';
  if (eur >= 1e6) {
    return `${(eur / 1e6).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} M€`;
  }
  return EUROS.format(eur);
}

/** A share in words, as the server says it (`national_answer::text::share_words`): « moins
 * de 1 % » rather than « 0 % » for a share that is not nil, « plus de 99 % » below the whole. */
export function share(fraction) {
  if (fraction == null || !Number.isFinite(fraction)) return '';
  if (fraction > 0 && fraction < 0.01) return `moins de ${PERCENT.format(0.01)}`;
  if (fraction > 0.99 && fraction < 1) return `plus de ${PERCENT.format(0.99)}`;
  return PERCENT.format(fraction);
}

export function area(m2) {
  if (m2 == null || !Number.isFinite(m2)) return '';
  if (m2 >= 1e6) return `${(m2 / 1e6).toLocaleString('fr-FR', { maximumFractionDigits: 2 })} km²`;
  if (m2 >= 1e4) return `${(m2 / 1e4).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} ha`;
  return `${NUMBER.format(Math.round(m2))} m²`;
}

/** A data code's French label from `table`; an unknown code is shown as it is. */
function label(table) {
  return (code) => table[code] ?? code ?? '';
}

const RELATIONS = {
  dedans: 'Le lieu est dedans',
  intersecte: 'La zone le recoupe',
  meme_perimetre: 'Dans le même quartier',
  a_proximite: 'À proximité',
  meme_commune: 'Dans la même commune',
  territoire: 'Tout le territoire',
};

export const relation = label(RELATIONS);

const VERDICTS = {
  dedans: 'Le lieu est dans ce quartier',
  dehors: 'Le lieu est en dehors de ce quartier',
  en_limite: 'Le lieu est en limite du quartier (à vérifier)',
  indetermine: 'Indéterminé : le contour n’est pas publié',
};

export const verdict = label(VERDICTS);

const PRECISIONS = {
  exact: 'Emplacement exact',
  approximate: 'Emplacement approximatif',
  perimeter: 'Emplacement connu seulement au quartier',
  commune: 'Emplacement connu seulement à la commune',
  territory: 'Concerne tout le territoire',
};

export const precision = label(PRECISIONS);

export function isExact(code) {
  return code === 'exact';
}

const PERIMETER_KINDS = { qpv: 'Quartier prioritaire (QPV)', veille_active: 'Quartier de veille active' };

export const perimeterKind = label(PERIMETER_KINDS);

/**
 * Badge tone of a status, so colour is never the only cue (the text is always shown):
 * done, ongoing, planned, stopped, unknown.
 */
export function statusTone(statut) {
  const s = (statut ?? '').toLowerCase();
  if (!s || s === 'non renseigné') return 'inconnu';
  if (s === 'réalisé' || s === 'atteint' || s === 'existant') return 'fait';
  if (s.startsWith('en travaux') || s.startsWith('en cours') || s.startsWith('en voie')) return 'encours';
  if (s === 'partiellement atteint') return 'encours';
  if (s === 'programmé' || s === 'en études') return 'prevu';
  if (s === 'abandonné' || s === 'non atteint') return 'arrete';
  return 'inconnu';
}

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/**
 * When a status was known, as a badge says it after the status (« en travaux · en 2019 »):
 * `2019` → « en 2019 », `2019-06` → « en juin 2019 », `2019-06-29` → « le 29 juin 2019 »,
 * `2021-T1` → « au 1er trimestre 2021 », `2020-S2` → « au 2e semestre 2020 »; a date that is
 * only a lower bound (`au plus tôt`) adds « ou après »; no date → « date inconnue ». The
 * server's `geodata::model::StatusDate::badge_fr` words it the same.
 */
export function statusDate(fuzzy, origin) {
  if (typeof fuzzy !== 'string' || !fuzzy) return 'date inconnue';
  const nth = (n) => (n === 1 ? '1er' : `${n}e`);
  let m;
  let text = fuzzy;
  if ((m = /^(\d{4})$/.exec(fuzzy))) text = `en ${m[1]}`;
  else if ((m = /^(\d{4})-(\d{2})$/.exec(fuzzy))) text = `en ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
  else if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(fuzzy))) text = `le ${nth(Number(m[3]))} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`.replace(/^le (\d+)e /, 'le $1 ');
  else if ((m = /^(\d{4})-T([1-4])$/.exec(fuzzy))) text = `au ${nth(Number(m[2]))} trimestre ${m[1]}`;
  else if ((m = /^(\d{4})-S([12])$/.exec(fuzzy))) text = `au ${nth(Number(m[2]))} semestre ${m[1]}`;
  return origin === 'au plus tôt' ? `${text} ou après` : text;
}

/** A status with its date, « en travaux · en 2019 »: a status is never shown without it. */
export function datedStatus(statut, fuzzy, origin) {
  if (!statut || statut === 'non renseigné') return statut ?? 'non renseigné';
  return `${statut} · ${statusDate(fuzzy, origin)}`;
}

const DATE_ORIGINS = {
  source: 'date donnée par la source',
  document: 'date du document source',
  'au plus tôt': 'document non daté : date la plus récente qu’il cite',
  'non renseignée': 'origine non renseignée',
};

export const dateOrigin = label(DATE_ORIGINS);

/** Year of a fuzzy date string (`2019-06-29`, `2021-T1`, `2019`), or null. */
export function year(fuzzy) {
  if (typeof fuzzy !== 'string') return null;
  const y = Number.parseInt(fuzzy.slice(0, 4), 10);
  return Number.isFinite(y) ? y : null;
}

/** The point of a lon/lat pair in French decimal notation. */
export function coordinates(lon, lat) {
  const f = (v) => v.toLocaleString('fr-FR', { minimumFractionDigits: 5, maximumFractionDigits: 5 });
  return `${f(lat)} N, ${f(lon)} E`;
}

// The national references of an answer (`references`: stations near the place, its communes,
// its contrats de ville, the sources cited) as plain blocks of facts, each fact with its source
// and date, in the order the panel reads them: the commune's summary first, then its
// programmes, France services, centrality and BPE counts, then the contracts and their posts,
// then the stations. Pure, so node tests it; referencesView.js turns it into DOM.

import * as fmt from './format.js';

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** `2024-01-01` → « 1er janvier 2024 »; a year or anything else is shown as it is. */
export function dayWords(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  if (!m) return iso ?? '';
  const day = Number(m[3]);
  const month = MONTHS[Number(m[2]) - 1];
  if (!month) return iso;
  return `${day === 1 ? '1er' : day} ${month} ${m[1]}`;
}

/** Where a fact comes from, in one line: « ANCT, … — Licence Ouverte 2.0 — données au 1er janvier 2024 ». */
export function citation({ source, licence, date, dateLabel = 'date de la source' }) {
  return [source, licence, date ? `${dateLabel} : ${dayWords(date)}` : null].filter(Boolean).join(' — ');
}

/** The source of the national QPV layer, cited beside a commune's or a contract's quartiers. */
export const QPV_SOURCE = 'ANCT, quartiers prioritaires de la politique de la ville 2024 (décret 2023-1314)';


function quartiersText(list) {
  return list.map((q) => `${q.nom} (${q.code_qp})`).join(', ');
}

/** A programme's line: « Petites villes de demain — signé le 22/06/2021 ». */
function programmeFact(p) {
  const name = p.nom && p.nom !== p.libelle ? `${p.libelle} « ${p.nom} »` : p.libelle;
  return {
    label: p.libelle,
    text: name,
    detail: [p.dates, p.code_source ? `listée sous l’ancien code ${p.code_source}` : null].filter(Boolean).join(' ; '),
    precision: p.precision,
    source: citation({ source: p.source, licence: p.licence }),
  };
}

/** The facts of one commune, its summary first. */
export function communeBlock(c) {
  const facts = [];
  if (c.quartiers_prioritaires?.length) {
    facts.push({ label: 'Quartiers prioritaires', text: quartiersText(c.quartiers_prioritaires), source: QPV_SOURCE });
  }
  for (const p of c.programmes ?? []) facts.push(programmeFact(p));
  for (const p of c.france_services ?? []) {
    facts.push({ label: 'France services', text: p.nom, detail: p.dates, precision: p.precision, source: citation({ source: p.source, licence: p.licence }) });
  }
  if (c.centralite) {
    facts.push({ label: 'Centralité', text: c.centralite.valeur, source: citation({ source: c.centralite.source, date: c.centralite.date }) });
  }
  const bpe = c.equipements_bpe;
  facts.push(
    bpe
      ? {
          label: 'Équipements',
          text: bpe.texte,
          detail: `BPE 2024, au ${dayWords(bpe.date_reference)}`,
          source: citation({ source: bpe.source, date: bpe.date_reference, dateLabel: 'date de référence' }),
        }
      : { label: 'Équipements', text: 'aucun des équipements suivis n’est recensé dans la commune', detail: 'BPE 2024, au 1er janvier 2024' },
  );
  return {
    key: `commune:${c.insee_com}`,
    title: `${c.nom} (${c.departement})${c.type === 'arrondissement municipal' ? ', arrondissement municipal' : ''}`,
    code: c.insee_com,
    resume: c.resume,
    facts,
    note: c.precision_contour ? `Contour : ${c.precision_contour}.` : null,
    link: c.lien,
  };
}

/** « 2025 : 14 adultes-relais (9 employeurs), 6 postes FONJEP (7 lignes publiées, 5 employeurs) », latest year first. */
export function postYears(postes) {
  const years = [...new Set((postes?.par_annee ?? []).map((p) => p.annee))].sort((a, b) => b - a);
  return years.map((annee) => ({
    annee,
    kinds: postes.par_annee
      .filter((p) => p.annee === annee)
      .map((p) => {
        const extra = [p.lignes_publiees !== p.postes ? `${p.lignes_publiees} lignes publiées` : null, `${p.employeurs} employeur${p.employeurs > 1 ? 's' : ''}`].filter(Boolean);
        return `${p.postes} ${p.postes > 1 ? p.libelle : singular(p)} (${extra.join(', ')})`;
      })
      .join(', '),
  }));
}

function singular(p) {
  return p.dispositif === 'adulte_relais' ? 'adulte-relais' : p.dispositif === 'fonjep' ? 'poste FONJEP' : p.libelle;
}

/** The facts of one contract and its posts. */
export function contractBlock(k) {
  const facts = [
    { label: 'Génération', text: k.generation, source: citation({ source: k.source, licence: k.licence }) },
    { label: 'Rattachement', text: k.rattachement, detail: 'déduit des communes (la source ne publie pas la liste des quartiers d’un contrat)' },
  ];
  if (k.regle) facts.push({ label: 'Règle', text: k.regle });
  if (k.quartiers_prioritaires?.length) {
    facts.push({ label: 'Quartiers prioritaires', text: quartiersText(k.quartiers_prioritaires), detail: 'rattachés par leurs communes (déduit)', source: QPV_SOURCE });
  }
  const total = k.postes?.total ?? 0;
  return {
    key: `contrat:${k.code}`,
    title: `Contrat de ville ${k.code} — ${k.nom}`,
    code: k.code,
    facts,
    posts: {
      total,
      heading: total ? `${total} poste${total > 1 ? 's' : ''} financé${total > 1 ? 's' : ''} publié${total > 1 ? 's' : ''}` : 'Aucun poste publié',
      years: postYears(k.postes),
      link: k.postes?.lien ?? null,
      /** Every published row, in a complete answer (`detail=complet`) only. */
      list: k.liste_postes ?? null,
      source: 'ANCT, postes d’adultes-relais et FONJEP (anct-carto/ci-ville2) — Licence Ouverte 2.0 — chaque poste daté de son année',
    },
    link: k.lien,
  };
}

/** One published post row as a line. */
export function postLine(p) {
  const amount = Number.isFinite(p.montant_publie) ? `, montant publié ${fmt.amount(p.montant_publie)} (non documenté par la source, pas un total annuel)` : '';
  return `${p.annee} — ${p.libelle} ${p.id_poste} — ${p.employeur}${p.siret ? ` (SIRET ${p.siret})` : ''}${amount}`;
}

const STATION_LINES = (s) => (s.lignes?.length ? `ligne${s.lignes.length > 1 ? 's' : ''} ${s.lignes.join(', ')}` : '');

/** The stations near the place. */
export function stationsBlock(ici) {
  const list = ici?.gares ?? [];
  const radius = fmt.distance(ici?.rayon_m ?? 0).replace(/^à /, '');
  const total = ici?.gares_total ?? list.length;
  const heading = total
    ? `${total} gare${total > 1 ? 's ou stations' : ' ou station'} à moins de ${radius}${list.length < total ? ` (les ${list.length} plus proches)` : ''}`
    : `Aucune gare ni station à moins de ${radius}`;
  const first = list[0];
  return {
    key: 'gares',
    heading,
    stations: list.map((s) => ({
      id: s.id,
      text: s.nom,
      detail: [s.type, STATION_LINES(s), fmt.distance(s.distance_m)].filter(Boolean).join(' · '),
    })),
    // OpenStreetMap's data is under ODbL: its attribution is shown with the stations.
    attribution: first ? citation({ source: first.source, licence: 'ODbL 1.0', date: first.date_source, dateLabel: 'relevé le' }) : null,
  };
}

/** Every block of `references` in panel order, and the sources cited. */
export function referenceBlocks(refs) {
  if (!refs) return null;
  const communes = (refs.communes ?? []).map(communeBlock);
  const contrats = (refs.contrats ?? []).map(contractBlock);
  const gares = (refs.ici?.gares ?? []).length || refs.ici?.gares_total ? stationsBlock(refs.ici) : null;
  const sources = (refs.sources ?? []).map((s) => citation({ source: s.source, licence: s.licence, date: s.date }));
  if (!communes.length && !contrats.length && !gares) return null;
  return { communes, contrats, gares, sources };
}

/** The complete list of a contract's posts in a `detail=complet` answer, or null. */
export function postList(answer, code) {
  const k = (answer?.references?.contrats ?? []).find((c) => c.code === code);
  return k?.liste_postes ?? null;
}

/**
 * The national references as rows of the answer's CSV export (read through answerRows.js's
 * `CSV_COLUMNS`): one per fact, per year of posts (every post row in a complete answer) and per
 * station, each with its source and date, so the file says what the panel and the printed
 * fiche say.
 */
export function referenceRows(refs) {
  const blocks = referenceBlocks(refs);
  if (!blocks) return [];
  const out = [];
  const push = (groupTitle, portee, code, fact, blockSource) =>
    out.push({
      group: 'references',
      groupTitle,
      key: `references:${code}:${out.length}`,
      title: fact.text,
      item: { type: fact.label, statut: '', portee, dates: fact.detail ?? '', precision_geometrie: fact.precision ?? '', source_document: fact.source ?? blockSource ?? '', id: code },
    });
  for (const c of blocks.communes) {
    const title = `Références nationales — commune ${c.title}`;
    // A fact without a source of its own is drawn from the commune's others.
    const drawn = 'déduit des références nationales de la commune (voir les autres lignes)';
    push(title, 'commune', c.code, { label: 'Résumé', text: c.resume }, drawn);
    for (const f of c.facts) push(title, 'commune', c.code, f, drawn);
  }
  for (const k of blocks.contrats) {
    const title = `Références nationales — ${k.title}`;
    // The attachment is derived from the contract's own source (said in its detail).
    for (const f of k.facts) push(title, 'contrat', k.code, f, k.facts[0].source);
    for (const y of k.posts.years) push(title, 'contrat', k.code, { label: 'Postes financés', text: y.kinds, detail: String(y.annee), source: k.posts.source });
    for (const p of k.posts.list ?? []) push(title, 'contrat', p.id_poste, { label: 'Poste publié', text: postLine(p), detail: String(p.annee), source: k.posts.source });
  }
  if (blocks.gares) {
    for (const s of blocks.gares.stations) push('Références nationales — gares et stations', 'ici', s.id, { label: 'Gare ou station', text: s.text, detail: s.detail, precision: 'exact', source: blocks.gares.attribution });
  }
  return out;
}

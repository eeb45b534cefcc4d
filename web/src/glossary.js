// Plain-French definitions of the acronyms the answer uses, shown in the glossary dialog and
// as <abbr> titles wherever an acronym appears in the answer.

export const TERMS = {
  Anah: 'Agence nationale de l’habitat : aide à rénover les logements privés et les copropriétés.',
  ANCT: 'Agence nationale de la cohésion des territoires : publie la liste et les contours des quartiers prioritaires.',
  ANRU: 'Agence nationale pour la rénovation urbaine : finance les projets de renouvellement des quartiers.',
  CDV: 'Contrat de Ville : engagement de l’État, des communes et de leurs partenaires pour les quartiers prioritaires.',
  EPCI: 'Établissement public de coopération intercommunale : l’intercommunalité (ici, l’agglomération).',
  INSEE: 'Institut national de la statistique : attribue les codes des communes.',
  LLS: 'Logement locatif social : logement loué à loyer modéré par un bailleur social.',
  MO: 'Maître d’ouvrage : l’organisme qui commande et paie l’opération.',
  NPNRU: 'Nouveau programme national de renouvellement urbain (2014-2030) : démolitions, réhabilitations et aménagements financés avec l’ANRU.',
  OPAH: 'Opération programmée d’amélioration de l’habitat : aides aux propriétaires pour rénover.',
  OS: 'Orientation stratégique : grand objectif du Contrat de Ville, numéroté.',
  PRU: 'Projet de renouvellement urbain.',
  QPV: 'Quartier prioritaire de la politique de la ville : quartier où les revenus sont les plus bas, qui reçoit des moyens renforcés.',
  QVA: 'Quartier de veille active : ancien quartier prioritaire qui reste suivi.',
  TFPB: 'Taxe foncière sur les propriétés bâties : son abattement en QPV finance des actions des bailleurs sociaux.',
  TVB: 'Trame verte et bleue : réseau des espaces naturels et des cours d’eau à préserver.',
};

const PATTERN = new RegExp(`\\b(${Object.keys(TERMS).join('|')})\\b`, 'g');

/** Text split into plain strings and { abbr, title } parts, for safe DOM building. */
export function splitAcronyms(text) {
  const parts = [];
  let last = 0;
  for (const m of String(text ?? '').matchAll(PATTERN)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push({ abbr: m[1], title: TERMS[m[1]] });
    last = m.index + m[1].length;
  }
  if (last < String(text ?? '').length) parts.push(String(text).slice(last));
  return parts;
}

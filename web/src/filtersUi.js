// The filter form and the timeline slider: reads and writes the filter state, and fills the
// menus with the values the current answer (or the loaded layers) contain.

import { h, clear } from './dom.js';
import { choices } from './filters.js';

const YEAR_MIN = 1990;
const YEAR_MAX = 2050;

function yearOrNull(text) {
  const y = Number.parseInt(text, 10);
  return Number.isInteger(y) && y >= YEAR_MIN && y <= YEAR_MAX ? y : null;
}

function fillSelect(select, groups, value) {
  const first = select.options[0];
  clear(select);
  select.append(first);
  for (const [label, values] of groups) {
    if (!values.length) continue;
    const group = h('optgroup', { label });
    for (const v of values) group.append(h('option', { value: v.value }, v.label));
    select.append(group);
  }
  // Keep a value from a permalink even when the current answer does not contain it.
  if (value && ![...select.options].some((o) => o.value === value)) select.append(h('option', { value }, value.replace(/^[^:]*:/, '')));
  select.value = value ?? '';
}

/**
 * `onChange(filters)` on any change. Returns { set(filters), fill(answer, programmeNames) }.
 */
export function createFiltersUi({ onChange }) {
  const form = document.getElementById('filtres');
  const theme = document.getElementById('filtre-theme');
  const statut = document.getElementById('filtre-statut');
  const programme = document.getElementById('filtre-programme');
  const de = document.getElementById('filtre-de');
  const a = document.getElementById('filtre-a');
  const timelineOn = document.getElementById('chrono-actif');
  const timelineYear = document.getElementById('chrono-annee');
  const timelineOut = document.getElementById('chrono-valeur');

  function read() {
    return {
      theme: theme.value,
      statut: statut.value,
      programme: programme.value,
      de: yearOrNull(de.value),
      a: yearOrNull(a.value),
      annee: timelineOn.checked ? yearOrNull(timelineYear.value) : null,
    };
  }

  function showYear() {
    timelineOut.value = timelineYear.value;
    timelineOut.textContent = timelineYear.value;
    timelineYear.setAttribute('aria-valuetext', timelineOn.checked ? `Opérations en cours en ${timelineYear.value}` : timelineYear.value);
  }

  form.addEventListener('change', () => onChange(read()));
  form.addEventListener('input', (e) => {
    if (e.target === de || e.target === a) onChange(read());
  });
  form.addEventListener('reset', () => window.setTimeout(() => onChange(read()), 0));
  form.addEventListener('submit', (e) => e.preventDefault());
  timelineOn.addEventListener('change', () => {
    timelineYear.disabled = !timelineOn.checked;
    showYear();
    onChange(read());
  });
  timelineYear.addEventListener('input', () => {
    showYear();
    onChange(read());
  });

  return {
    read,
    set(f) {
      theme.dataset.voulu = f.theme ?? '';
      theme.value = f.theme ?? '';
      statut.value = f.statut ?? '';
      programme.value = f.programme ?? '';
      de.value = f.de ?? '';
      a.value = f.a ?? '';
      timelineOn.checked = f.annee != null;
      timelineYear.disabled = f.annee == null;
      if (f.annee != null) timelineYear.value = String(f.annee);
      showYear();
    },
    /** Menus from an answer's values; `programmeNames`: id → French name. */
    fill(answer, programmeNames = {}, current = read()) {
      const c = choices(answer);
      const opt = (prefix) => (v) => ({ value: `${prefix}${v}`, label: v });
      fillSelect(theme, [['Piliers du Contrat de Ville', c.piliers.map(opt('pilier:'))], ['Types d’opération et d’équipement', c.types.map(opt('type:'))]], current.theme);
      fillSelect(statut, [['Avancement', c.statuts.map(opt(''))]], current.statut);
      fillSelect(programme, [['Programmes', c.programmes.map((v) => ({ value: v, label: programmeNames[v] ?? v }))]], current.programme);
    },
  };
}

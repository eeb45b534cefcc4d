// The panel « Ce qui concerne ce lieu »: a side panel on wide screens, a bottom sheet on
// phones (the handle folds it to its title so the map stays usable).

import { h, clear } from './dom.js';

export function createPanel({ onClose }) {
  const panel = document.getElementById('panneau');
  const body = document.getElementById('reponse');
  const place = document.getElementById('lieu');
  const title = document.getElementById('panneau-titre');
  const handle = document.getElementById('panneau-poignee');

  function setFolded(folded) {
    panel.classList.toggle('panneau--replie', folded);
    handle.setAttribute('aria-expanded', folded ? 'false' : 'true');
  }

  handle.addEventListener('click', () => setFolded(!panel.classList.contains('panneau--replie')));
  document.getElementById('fermer-panneau').addEventListener('click', () => {
    panel.hidden = true;
    document.body.classList.remove('avec-panneau');
    onClose();
  });

  function open() {
    panel.hidden = false;
    document.body.classList.add('avec-panneau');
    setFolded(false);
  }

  return {
    loading(placeText, heading = 'Ce qui concerne ce lieu') {
      open();
      title.textContent = heading;
      place.textContent = placeText;
      body.setAttribute('aria-busy', 'true');
      clear(body);
      body.append(h('p', { class: 'chargement' }, 'Recherche de ce qui concerne ce lieu…'));
    },
    show(placeText, content, heading = 'Ce qui concerne ce lieu') {
      open();
      title.textContent = heading;
      place.textContent = placeText;
      clear(body);
      body.append(content);
      body.setAttribute('aria-busy', 'false');
    },
    error(message) {
      open();
      clear(body);
      body.append(h('p', { class: 'erreur', role: 'alert' }, message));
      body.setAttribute('aria-busy', 'false');
    },
    isOpen: () => !panel.hidden,
    element: panel,
  };
}

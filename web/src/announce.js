// Polite announcements for screen readers (search results, answers, errors).

export function announce(message) {
  const region = document.getElementById('annonce');
  if (!region) return;
  // Emptying first makes a repeated message be read again.
  region.textContent = '';
  window.setTimeout(() => {
    region.textContent = message;
  }, 50);
}

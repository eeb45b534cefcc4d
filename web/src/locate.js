// « Me localiser »: the browser's position, with a French message for every failure.

const MESSAGES = {
  1: 'Vous avez refusé la localisation. Autorisez-la dans le navigateur, ou cherchez votre adresse.',
  2: 'Votre position n’a pas pu être déterminée. Cherchez plutôt votre adresse.',
  3: 'La localisation a pris trop de temps. Réessayez, ou cherchez votre adresse.',
};

/** Resolves to { lon, lat } or rejects with an Error whose message is for the user. */
export function locate() {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) {
      reject(new Error('Ce navigateur ne sait pas donner votre position. Cherchez votre adresse.'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (pos) => resolve({ lon: pos.coords.longitude, lat: pos.coords.latitude }),
      (err) => reject(new Error(MESSAGES[err.code] ?? MESSAGES[2])),
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    );
  });
}

import test from 'node:test';
import assert from 'node:assert/strict';
import { decode, delimiter, describe, guessColumns, parse, summarize } from '../src/csvRead.js';
import { resultName } from '../src/addressList.js';

test('a Latin-1 file is decoded as Latin-1, a UTF-8 one (with BOM) as UTF-8', () => {
  const latin1 = Uint8Array.from([0x41, 0x6c, 0x65, 0x6e, 0xe7, 0x6f, 0x6e]); // « Alençon »
  assert.equal(decode(latin1), 'Alençon');
  const utf8 = new TextEncoder().encode('\uFEFFAlençon');
  assert.equal(decode(utf8), 'Alençon');
});

test('the separator is the one the header holds more of, quotes aside', () => {
  assert.equal(delimiter('adresse;code postal;commune\n1;2;3'), ';');
  assert.equal(delimiter('adresse,cp\n"1; rue",2'), ',');
  assert.equal(delimiter('"nom; complet",adresse,cp\n'), ',');
});

test('quoted fields keep separators, quotes and line breaks; CRLF ends rows', () => {
  const rows = parse('a;b\r\n"x;y";"dit ""z"""\r\n"l1\nl2";\r\n', ';');
  assert.deepEqual(rows, [['a', 'b'], ['x;y', 'dit "z"'], ['l1\nl2', '']]);
});

test('describe gives the columns and the number of address rows', () => {
  const bytes = new TextEncoder().encode('adresse,code postal,commune\r\n8 Rue Landon,61000,Alençon\r\n,,Dreux\r\n');
  assert.deepEqual(describe(bytes), { columns: ['adresse', 'code postal', 'commune'], rows: 2, delimiter: ',' });
});

test('address, postcode and INSEE columns are recognised by their names', () => {
  const g = guessColumns(['id', 'Adresse', 'numero', 'CP', 'Ville', 'code_insee', 'effectif']);
  assert.deepEqual(g.address, ['Adresse', 'numero', 'Ville']);
  assert.equal(g.postcode, 'CP');
  assert.equal(g.citycode, 'code_insee');
  assert.deepEqual(guessColumns(['a', 'b']), { address: [], postcode: '', citycode: '' });
});

test('the summary counts rows per verdict of the result file', () => {
  const text = '\uFEFFadresse;verdict;erreur\r\na;dedans;\r\nb;dehors;\r\nc;dehors;\r\nd;en_limite;\r\ne;;adresse non trouvée\r\nf;;adresse incertaine\r\ng;;coordonnées illisibles (x)\r\n';
  const s = summarize(text);
  assert.equal(s.rows, 7);
  assert.deepEqual(s.counts, { dedans: 1, dehors: 2, en_limite: 1, 'adresse non trouvée': 2, 'adresse incertaine': 1 });
  assert.equal(s.other, 0);
});

test('the result is named after the input file', () => {
  assert.equal(resultName('liste adhérents.csv'), 'liste adhérents-qpv.csv');
  assert.equal(resultName(''), 'adresses-qpv.csv');
});

test('describe says when the server will refuse the file, and still previews its columns', () => {
  const bytes = new TextEncoder().encode('lon,lat\r\n6.2,46.1\r\n6,24,46,18\r\n');
  assert.deepEqual(describe(bytes), {
    columns: ['lon', 'lat'],
    rows: 2,
    delimiter: ',',
    error: { kind: 'too_many_fields', line: 3 },
  });
});

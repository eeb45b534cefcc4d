import test from 'node:test';
import assert from 'node:assert/strict';
import { freePadding, withContext } from '../src/framing.js';

const rect = (left, top, width, height) => ({ left, top, width, height, right: left + width, bottom: top + height });

test('a side panel pads its side, a bottom sheet the bottom', () => {
  const map = rect(0, 60, 1280, 740);
  const legend = rect(0, 60, 340, 740);
  const answer = rect(860, 60, 420, 740);
  const pad = freePadding(map, [legend, answer], 20);
  assert.deepEqual(pad, { top: 20, right: 440, bottom: 20, left: 360 });
  const phone = rect(0, 56, 375, 756);
  const sheet = rect(0, 500, 375, 312);
  assert.equal(freePadding(phone, [sheet], 10).bottom, 322);
});

test('panels covering nearly everything still leave a strip to fit into', () => {
  const map = rect(0, 0, 400, 400);
  const pad = freePadding(map, [rect(0, 0, 250, 400), rect(220, 0, 180, 400)], 20);
  assert.ok(400 - pad.left - pad.right >= 119, JSON.stringify(pad));
});

test('an extent is widened for context, a point to a minimum span', () => {
  const [[w, s], [e, n]] = withContext([[6.0, 46.0], [6.1, 46.1]], { share: 0.5, minSpanM: 0 });
  assert.ok(Math.abs(w - 5.95) < 1e-9 && Math.abs(e - 6.15) < 1e-9 && Math.abs(s - 45.95) < 1e-9 && Math.abs(n - 46.15) < 1e-9);
  const [[pw, ps], [pe, pn]] = withContext([[6.24, 46.19], [6.24, 46.19]], { minSpanM: 700 });
  const widthM = (pe - pw) * 111320 * Math.cos((46.19 * Math.PI) / 180);
  assert.ok(Math.abs(widthM - 700) < 1, `${widthM} m`);
  assert.ok(Math.abs((pn - ps) * 111320 - 700) < 1);
});

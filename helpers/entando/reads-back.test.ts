import { expect, it } from 'vitest';
import { difference, readsBack } from './reads-back.js';

it('takes a read that adds fields (Entando 6.2 adds references) as the write, and any changed or missing field as a difference', () => {
  const written = { code: 't1', configuration: { frames: [{ pos: 0, descr: 'Main' }] }, pluginCode: null };
  expect(readsBack({ pluginCode: null, references: { PageManager: false }, configuration: { frames: [{ descr: 'Main', pos: 0, sketch: null }] }, code: 't1' }, written)).toBe(true);
  expect(readsBack({ ...written, code: 't2' }, written)).toBe(false);
  expect(readsBack({ code: 't1', pluginCode: null }, written)).toBe(false);
  expect(readsBack({ ...written, configuration: { frames: [] } }, written)).toBe(false);
  expect(readsBack(undefined, written)).toBe(false);
  expect(difference({ ...written, configuration: { frames: [{ pos: 0, descr: 'Other' }] } }, written)).toBe('configuration.frames[0].descr: wrote "Main", read "Other"');
});

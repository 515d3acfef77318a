import { expect, it } from 'vitest';
import { redact, registerSecret } from './redact.js';

it('replaces registered secrets and well-known secret shapes', () => {
  registerSecret('s3cr3t-value');
  expect(redact('password is s3cr3t-value.')).toBe('password is ***.');
  expect(redact('Authorization: Bearer abc.def-ghi')).toBe('Authorization: Bearer ***');
  expect(redact('{"access_token":"xyz123","x":1}')).toBe('{"access_token":"***","x":1}');
  expect(redact('client_secret=abc&grant_type=client_credentials')).toBe('client_secret=***&grant_type=client_credentials');
  expect(redact('redis://:pw@redis:6379')).toBe('redis://:***@redis:6379');
  expect(redact('watching http://user:pa55@127.0.0.1:8080/x')).toBe('watching http://user:***@127.0.0.1:8080/x');
  expect(redact('nothing to hide')).toBe('nothing to hide');
});

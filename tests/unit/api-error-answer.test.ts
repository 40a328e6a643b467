import { describe, expect, it } from 'vitest';
import { fieldErrorKeys, parseApiErrorAnswer, readApiErrorAnswer } from '@/lib/api-error-answer';

/**
 * The browser's reading of the JSON API's error answer: the form shows each refused field next
 * to the field and the import shows the server's own wording, and neither may break on a body
 * that is not what the server usually sends (a proxy's HTML page, an empty body).
 */

const refusal = {
  error: { key: 'errors.validation', message: 'Certaines réponses ne sont pas valables.' },
  errors: {
    'vic.birth_date': [
      { key: 'errors.date', message: 'Date non valable.' },
      { key: 'errors.future', message: 'Date dans le futur.' },
    ],
    'ctx.region': [{ key: 'errors.required', message: 'Ce champ est obligatoire.' }],
  },
};

const jsonResponse = (body: string) =>
  new Response(body, { status: 422, headers: { 'Content-Type': 'application/json' } });

describe('parseApiErrorAnswer', () => {
  it('reads the error of the whole request and every field error, in order, with keys and messages', () => {
    const answer = parseApiErrorAnswer(refusal);
    expect(answer.error).toEqual({ key: 'errors.validation', message: 'Certaines réponses ne sont pas valables.' });
    expect(answer.errors).toEqual(refusal.errors);
    expect(fieldErrorKeys(answer)).toEqual({
      'vic.birth_date': ['errors.date', 'errors.future'],
      'ctx.region': ['errors.required'],
    });
  });

  it('reads an answer with no field errors (not found, conflict) as the request error alone', () => {
    const answer = parseApiErrorAnswer({ error: { key: 'errors.notFound', message: 'Introuvable.' }, errors: {} });
    expect(answer).toEqual({ error: { key: 'errors.notFound', message: 'Introuvable.' }, errors: {} });
    expect(fieldErrorKeys(answer)).toEqual({});
  });

  it('reads anything that is not an error answer as no error at all, so callers use their own wording', () => {
    for (const body of [null, undefined, 'Bad gateway', 42, [], { error: 'boom' }, { error: { message: 'no key' } }]) {
      const answer = parseApiErrorAnswer(body);
      expect(answer.error, JSON.stringify(body)).toBeNull();
      expect(answer.errors, JSON.stringify(body)).toEqual({});
    }
  });

  it('keeps the readable entries of a field and leaves out fields with none', () => {
    const answer = parseApiErrorAnswer({
      errors: { a: [{ key: 'errors.required' }, 'junk', { message: 'no key' }], b: 'not a list', c: [] },
    });
    expect(answer.errors).toEqual({ a: [{ key: 'errors.required', message: null }] });
  });

  it('ignores the import refusal’s list of rows, which is not a map by field', () => {
    const answer = parseApiErrorAnswer({
      error: { key: 'errors.import.refused', message: 'Refusé.' },
      errors: [{ row: 2, column: 'x', key: 'k', message: 'm' }],
    });
    expect(answer.error?.key).toBe('errors.import.refused');
    expect(answer.errors).toEqual({});
  });

  it('keeps a field named like an object property as a plain field', () => {
    const answer = parseApiErrorAnswer(
      JSON.parse('{"errors":{"__proto__":[{"key":"errors.required","message":"m"}]}}'),
    );
    expect(Object.keys(answer.errors)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(answer.errors)).toBe(Object.prototype);
    expect(fieldErrorKeys(answer)).toEqual(JSON.parse('{"__proto__":["errors.required"]}'));
  });
});

describe('readApiErrorAnswer', () => {
  it('reads the answer from a response body', async () => {
    expect(fieldErrorKeys(await readApiErrorAnswer(jsonResponse(JSON.stringify(refusal))))).toEqual({
      'vic.birth_date': ['errors.date', 'errors.future'],
      'ctx.region': ['errors.required'],
    });
  });

  it('reads a body that is not JSON as no error at all instead of throwing', async () => {
    expect(await readApiErrorAnswer(jsonResponse('<html>502 Bad Gateway</html>'))).toEqual({ error: null, errors: {} });
    expect(await readApiErrorAnswer(jsonResponse(''))).toEqual({ error: null, errors: {} });
  });
});

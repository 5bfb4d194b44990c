/*
 * The endpoint base URL as the user types it, checked and normalised for the remote engine
 * (which wants the API prefix, e.g. http://host:8000/v1). Pure: unit-tested.
 */

export type BaseUrlCheck = { url: string } | { problem: string };

export function normalizeBaseUrl(text: string): BaseUrlCheck {
  const trimmed = text.trim();
  if (trimmed === '') return { problem: 'enter the base URL, e.g. http://127.0.0.1:8000/v1' };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { problem: `not a URL: "${trimmed}" (e.g. http://127.0.0.1:8000/v1)` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { problem: `the URL must start with http:// or https:// (got ${url.protocol}//)` };
  // Credentials in a URL end up in settings in plain text; the key belongs in secret storage.
  if (url.username !== '' || url.password !== '') return { problem: 'leave credentials out of the URL; the next prompt asks for the API key' };
  if (url.search !== '' || url.hash !== '') return { problem: 'the base URL takes no ?query or #fragment' };
  const path = url.pathname.replace(/\/+$/, '');
  // A bare host means the usual OpenAI prefix: servers answer /v1/models, not /models.
  return { url: `${url.origin}${path === '' ? '/v1' : path}` };
}

/** The key under which an endpoint's API key sits in SecretStorage. */
export function apiKeySecretName(baseUrl: string): string {
  return `xlam.endpoint.apiKey:${baseUrl}`;
}

// The /auth/ endpoints (docs/decisions/0060-sign-in-endpoints.md): JSON in,
// JSON out, errors in the shape of GraphQL errors.

export type Role = 'PARTNER' | 'ADMIN';

export class AuthError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export async function postAuth<T = unknown>(path: string, body: object): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/auth/${path}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new AuthError('The server cannot be reached; try again.', 'NETWORK', 0);
  }
  const data = (await res.json().catch(() => ({}))) as {
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  if (!res.ok) {
    const e = data.errors?.[0];
    throw new AuthError(e?.message ?? `request failed (${res.status})`, e?.extensions?.code ?? 'UNKNOWN', res.status);
  }
  return data as T;
}

// A fresh page after signing in or out: the GraphQL cache and the
// websocket start again under the new cookie.
export function reloadAt(path: string) {
  window.location.assign(path);
}

export async function signOut(everywhere = false) {
  try {
    await postAuth('sign-out', { everywhere });
  } finally {
    reloadAt(window.location.pathname.startsWith('/admin') ? '/admin/sign-in' : '/sign-in');
  }
}

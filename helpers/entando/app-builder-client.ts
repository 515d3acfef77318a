// The App Builder's REST calls (pages, page templates, contents) with a token got the way the
// target says (token-grant.ts), as the App Builder makes them; any call can go to one instance
// directly (`via`).
import { randomUUID } from 'node:crypto';
import pRetry, { AbortError } from 'p-retry';
import { Agent, request } from 'undici';
import { log } from '../log/log.js';
import { registerSecret } from '../log/redact.js';
import type { AppCredentials, AppEndpoints } from '../targets/target.js';
import { tokenRequest } from './token-grant.js';

export interface ApiResponse<T = unknown> {
  status: number;
  payload: T;
  errors: { code: string; message: string }[];
  requestId: string;
  /** The x-entando-instance header when present; the reference app sets it, Entando does not. */
  instanceHeader?: string;
}

export interface CallOptions {
  body?: unknown;
  /** Send the bearer token (default: for writes, and for reads where the API has no guest reads). */
  auth?: boolean;
  /** Base URL of one instance, bypassing the load balancer. */
  via?: string;
  requestId?: string;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** A token request that failed for a passing reason (refused, 5xx: an instance restarting) is retried this often. */
const TOKEN_RETRIES = 4;

export class ApiError extends Error {
  override name = 'ApiError';
}

export class AppBuilderClient {
  private token?: Promise<string>;
  // Many connections, so that thousands of concurrent calls are not queued behind a few.
  private readonly dispatcher = new Agent({ connections: 256, pipelining: 1 });

  constructor(
    private readonly endpoints: AppEndpoints,
    private readonly credentials: AppCredentials,
  ) {}

  /** The token, with retries: a 5xx or a refused connection passes; a 4xx (bad credentials) does not. */
  private fetchToken(): Promise<string> {
    return pRetry(() => this.requestToken(), {
      retries: TOKEN_RETRIES,
      minTimeout: 250,
      onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
        if (retriesLeft > 0) log.info(`token request attempt ${attemptNumber} failed (${error.message}); trying again`);
      },
    });
  }

  private async requestToken(): Promise<string> {
    const res = await request(`${this.endpoints.baseUrl}${this.endpoints.tokenPath}`, {
      method: 'POST',
      ...tokenRequest(this.endpoints.tokenGrant, this.credentials),
      dispatcher: this.dispatcher,
    });
    const text = await res.body.text();
    let body: { access_token?: string; error?: string } = {};
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: said below with the status
    }
    if (res.statusCode !== 200 || !body.access_token) {
      const error = new ApiError(`token request to ${this.endpoints.baseUrl}${this.endpoints.tokenPath} failed: HTTP ${res.statusCode} ${body.error ?? text.slice(0, 80)}`);
      throw res.statusCode >= 400 && res.statusCode < 500 ? new AbortError(error) : error;
    }
    registerSecret(body.access_token);
    return body.access_token;
  }

  bearer(): Promise<string> {
    this.token ??= this.fetchToken().catch((error) => {
      this.token = undefined;
      throw error;
    });
    return this.token;
  }

  async call<T = unknown>(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse<T>> {
    const requestId = options.requestId ?? randomUUID();
    const auth = options.auth ?? (method !== 'GET' || !this.endpoints.guestReads);
    const headers: Record<string, string> = { 'x-request-id': requestId, accept: 'application/json' };
    if (auth) headers.authorization = `Bearer ${await this.bearer()}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    }
    const base = options.via ?? this.endpoints.baseUrl;
    const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const res = await request(`${base}${this.endpoints.contextPath}/api${path}`, {
      method: method as 'GET',
      headers,
      body,
      headersTimeout: timeout,
      bodyTimeout: timeout,
      dispatcher: this.dispatcher,
    });
    const text = await res.body.text();
    let parsed: { payload?: T; errors?: ApiResponse['errors'] };
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ApiError(`${method} ${path}: HTTP ${res.statusCode} with a body that is not JSON: ${text.slice(0, 120)}`);
    }
    const instance = res.headers['x-entando-instance'];
    return {
      status: res.statusCode,
      payload: parsed.payload as T,
      errors: parsed.errors ?? [],
      requestId,
      instanceHeader: typeof instance === 'string' ? instance : undefined,
    };
  }

  /**
   * Makes sure the content type `contentBody` uses exists, creating it as the App Builder does
   * when it does not: Entando 6.2's default data has no content type at all.
   */
  async ensureContentType(options: { via?: string } = {}): Promise<void> {
    const type = CONTENT_TYPE;
    const found = await this.call('GET', `/plugins/cms/contentTypes/${type.code}`, { auth: true, via: options.via });
    if (found.status === 200) return;
    if (found.status !== 404) throw new ApiError(`reading content type ${type.code} failed: HTTP ${found.status} ${found.errors[0]?.message ?? ''}`);
    const created = await this.call('POST', '/plugins/cms/contentTypes', { body: type, via: options.via });
    // Entando 6.2 answers 201 here, where its other creates answer 200.
    if (created.status < 200 || created.status >= 300) throw new ApiError(`creating content type ${type.code} failed: HTTP ${created.status} ${created.errors[0]?.message ?? ''}`);
  }

  async close() {
    await this.dispatcher.close();
  }
}

/** A banner: one mandatory text attribute, its title (the type contentBody's contents are of). */
const CONTENT_TYPE = { code: 'BNR', name: 'Banner', attributes: [{ code: 'title', type: 'Text', names: { en: 'Title' }, mandatory: true }] };

export interface PageBody {
  code: string;
  pageModel: string;
  parentCode: string;
  ownerGroup: string;
  titles: { en: string; it: string };
  joinGroups: string[];
  displayedInMenu: boolean;
  seo: boolean;
}

/** A valid page under the homepage, as the App Builder would send it. */
export function pageBody(code: string, title = `Title of ${code}`, pageModel = 'home'): PageBody {
  return {
    code,
    pageModel,
    parentCode: 'homepage',
    ownerGroup: 'free',
    titles: { en: title, it: title },
    joinGroups: [],
    displayedInMenu: true,
    seo: false,
  };
}

export function pageModelBody(code: string, descr = `Template ${code}`) {
  return {
    code,
    descr,
    template: '<main><@wp.show frame=0 /></main>',
    configuration: { frames: [{ pos: 0, descr: 'Main', mainFrame: true }] },
  };
}

export function contentBody(description: string, typeCode = 'BNR') {
  return { typeCode, description, mainGroup: 'free', attributes: [{ code: 'title', values: { en: description } }] };
}

// The session channel's cookies, kept as a browser keeps them (RFC 6265, by tough-cookie):
// expiry, Max-Age and Path are honoured, so a cookie the server deleted is not sent again.
import { CookieJar as ToughJar } from 'tough-cookie';

export class CookieJar {
  private jar = new ToughJar();

  /** Takes the Set-Cookie headers of a response to `url`; a malformed one is ignored, as browsers do. */
  store(setCookie: string | string[] | undefined, url: string) {
    for (const header of [setCookie ?? []].flat()) this.jar.setCookieSync(header, url, { ignoreError: true });
  }

  /** The value of a cookie that would be sent to `url`. */
  get(name: string, url: string): string | undefined {
    return this.jar.getCookiesSync(url).find((c) => c.key === name)?.value;
  }

  /** The Cookie header for a request to `url`, or undefined when none applies. */
  header(url: string): string | undefined {
    return this.jar.getCookieStringSync(url) || undefined;
  }

  clear() {
    this.jar = new ToughJar();
  }
}

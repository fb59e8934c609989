/**
 * A user agent's family — browser and operating system, without versions — as the "new place"
 * detector compares them: `Firefox on Windows`, `Chrome on macOS`, `curl`. A browser update keeps
 * the family; another browser or system is another family. Order matters: Edge and Opera also say
 * `Chrome` and `Safari`, and Chrome says `Safari`, so the more specific token is looked for first.
 */

const BROWSERS: readonly (readonly [RegExp, string])[] = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\bOPR\/|\bOpera\b/, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\bFirefox\/|\bFxiOS\//, 'Firefox'],
  [/\bChrome\/|\bCriOS\/|\bChromium\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
  [/^curl\//, 'curl'],
  [/^Wget\//, 'Wget'],
  [/^python-requests\/|^Python-urllib\//, 'Python'],
  [/^node-fetch|^undici|^axios\//, 'Node.js'],
  [/^PostmanRuntime\//, 'Postman'],
];

const SYSTEMS: readonly (readonly [RegExp, string])[] = [
  [/\bWindows\b/, 'Windows'],
  [/\b(iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

/** `userAgentFamily('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0')` → `Firefox on Linux`. */
export function userAgentFamily(agent: string | null | undefined): string | null {
  const text = agent?.trim();
  if (!text) return null;
  const browser = BROWSERS.find(([re]) => re.test(text))?.[1] ?? 'other';
  const system = SYSTEMS.find(([re]) => re.test(text))?.[1] ?? null;
  return system ? `${browser} on ${system}` : browser;
}

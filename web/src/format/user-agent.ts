/**
 * A browser's user agent in a few words for a list of sessions: `Chrome 131` on `Windows`,
 * `Safari 18` on `iPhone`, `curl 8.5`. What cannot be recognised is shortened, never dropped: the
 * full string stays available as a tooltip.
 */

const SYSTEMS: [RegExp, string][] = [
  [/iPhone/, 'iPhone'],
  [/iPad/, 'iPad'],
  [/Android/, 'Android'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

// Order matters: Edge and Opera also say Chrome, Chrome also says Safari.
const BROWSERS: [RegExp, string][] = [
  [/Edg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/OPR\/(\d+)/, 'Opera'],
  [/Firefox\/(\d+)/, 'Firefox'],
  [/FxiOS\/(\d+)/, 'Firefox'],
  [/HeadlessChrome\/(\d+)/, 'Headless Chrome'],
  [/(?:Chrome|Chromium|CriOS)\/(\d+)/, 'Chrome'],
  [/Version\/(\d+).*Safari\//, 'Safari'],
];

export interface UserAgentSummary {
  /** `Chrome 131`, `curl 8.5`, or the start of an unknown string. */
  browser: string;
  /** `Linux`, `iPhone` …; null when not recognised. */
  system: string | null;
}

/** `{ browser: 'Chrome 131', system: 'Linux' }`; null when there is no user agent. */
export function summariseUserAgent(userAgent: string | null): UserAgentSummary | null {
  if (!userAgent) return null;
  const system = SYSTEMS.find(([re]) => re.test(userAgent))?.[1] ?? null;
  for (const [re, name] of BROWSERS) {
    const m = re.exec(userAgent);
    if (m) return { browser: `${name} ${m[1]}`, system };
  }
  const program = /^([\w.-]+)\/([\d.]+)/.exec(userAgent);
  if (program && !userAgent.startsWith('Mozilla/')) return { browser: `${program[1]} ${program[2]}`, system };
  return { browser: userAgent.length > 40 ? `${userAgent.slice(0, 40)}…` : userAgent, system };
}

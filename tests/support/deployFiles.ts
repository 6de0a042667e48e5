import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const readRepoFile = (path: string) => readFileSync(`${ROOT}${path}`, 'utf8');

/** docker-compose.yml as YAML (anchors and `<<` merge keys resolved), before interpolation. */
export function composeFile(): Compose {
  return parse(readRepoFile('docker-compose.yml'), { merge: true }) as Compose;
}

/** A service's use of a top-level config or secret (short form: its name). */
export type FileGrant = string | { source: string; target?: string; mode?: number };

export type Service = {
  build?: string | { context: string };
  image?: string;
  entrypoint?: string[] | string;
  command?: string[] | string;
  configs?: FileGrant[];
  secrets?: FileGrant[];
  environment?: Record<string, string | number | boolean>;
  ports?: string[];
  depends_on?: string[] | Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string };
  ulimits?: { nofile?: { soft: number; hard: number } | number };
  logging?: { driver?: string; options?: Record<string, string> };
  network_mode?: string;
  volumes?: string[];
};
export type Compose = {
  services: Record<string, Service>;
  configs?: Record<string, { content?: string; file?: string; environment?: string }>;
  secrets?: Record<string, { file?: string; environment?: string }>;
};

const REFERENCE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))|\$\$/g;

/** The variables a compose value refers to (`${NAME}`, `${NAME:-default}`, `${NAME:?error}`, `$NAME`). */
export function referencedVariables(value: unknown): Set<string> {
  const names = new Set<string>();
  walkStrings(value, (text) => {
    for (const match of text.matchAll(REFERENCE)) if (match[1] ?? match[4]) names.add((match[1] ?? match[4])!);
  });
  return names;
}

/**
 * Compose's interpolation of `.env` into the file: `${X}`, `${X:-default}` / `${X-default}`,
 * `${X:?error}` / `${X?error}` (an error when unset, or empty with the colon), `$X` and `$$`.
 * Throws listing every error, as `docker compose up` refuses to start.
 */
export function interpolate<T>(value: T, env: Record<string, string>): T {
  const errors: string[] = [];
  const result = mapStrings(value, (text) =>
    text.replace(REFERENCE, (whole, braced: string | undefined, operator: string | undefined, argument: string | undefined, bare: string | undefined) => {
      if (whole === '$$') return '$';
      const name = (braced ?? bare)!;
      const current = env[name];
      const missing = operator?.startsWith(':') ? !current : current === undefined;
      if (operator?.endsWith('-') && missing) return argument ?? '';
      if (operator?.endsWith('?') && missing) {
        errors.push(`${name}: ${argument}`);
        return '';
      }
      return current ?? '';
    }),
  );
  if (errors.length) throw new Error(`compose refuses to start:\n${[...new Set(errors)].join('\n')}`);
  return result;
}

/** `.env`-style lines: NAME=value (comments and blank lines skipped). */
export function parseDotEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match) env[match[1]!] = match[2]!.trim();
  }
  return env;
}

export type DockerStage = { name: string | undefined; from: string; instructions: Array<{ keyword: string; args: string }> };

/** The Dockerfile's stages, each with its instructions (continuation lines joined, comments dropped). */
export function dockerStages(text: string): DockerStage[] {
  const stages: DockerStage[] = [];
  const logical = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  for (const line of logical) {
    const [, keyword, args] = /^(\S+)\s*(.*)$/.exec(line)!;
    if (keyword!.toUpperCase() === 'FROM') {
      const [, from, name] = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(args!)!;
      stages.push({ name, from: from!, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ keyword: keyword!.toUpperCase(), args: args! });
    }
  }
  return stages;
}

function walkStrings(value: unknown, visit: (text: string) => void): void {
  mapStrings(value, (text) => {
    visit(text);
    return text;
  });
}

function mapStrings<T>(value: T, map: (text: string) => string): T {
  if (typeof value === 'string') return map(value) as T;
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, map)])) as T;
  }
  return value;
}

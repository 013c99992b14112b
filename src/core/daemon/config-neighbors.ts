// The neighbors a configuration file declares, with their descriptions: names for the table,
// and the list "every configured neighbor" is measured against. A light scan, not a parser.
import { printable } from '../text/printable.js';

export interface ConfiguredNeighbor {
  address: string;
  description: string | null;
  peerAs: number | null;
}

export function neighborsFromConfig(text: string): ConfiguredNeighbor[] {
  const source = text.replace(/#[^\n]*/g, '');
  const found: ConfiguredNeighbor[] = [];
  // An IPv4 or IPv6 address: a template named `dc1` is hex digits too, but no neighbor.
  const opener = /(^|[\s;{}])neighbor\s+(\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F]*:[0-9a-fA-F:.]*)\s*\{/g;
  let match: RegExpExecArray | null;
  while ((match = opener.exec(source))) {
    const start = match.index + match[0].length;
    let depth = 1;
    let end = start;
    while (end < source.length && depth > 0) {
      const ch = source[end];
      if (ch === '{') depth++;
      else if (ch === '}') depth--;
      end++;
    }
    const body = source.slice(start, end - 1);
    const topLevel = body.replace(/\{[^{}]*\}/g, '');
    const description = /description\s+"([^"]*)"/.exec(topLevel)?.[1] ?? /description\s+([^;\s]+)\s*;/.exec(topLevel)?.[1] ?? null;
    const peerAs = /peer-as\s+(\d+)/.exec(topLevel)?.[1];
    found.push({ address: match[2]!, description: description === null ? null : printable(description), peerAs: peerAs ? Number(peerAs) : null });
  }
  return found;
}

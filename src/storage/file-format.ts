import { isRecord } from '../core/option-checks';
import { isSeq } from './record';
import { isQueueRecord } from './disk-records';
import type { QueueRecord } from './store';

/**
 * What a file store holds in memory. Key-value entries stay as JSON text: a `get`
 * parses a fresh copy, and writing the file needs no second serialisation.
 */
export interface FileState {
  kv: Map<string, string>;
  /** In `seq` order (a Map iterates in insertion order and seqs only grow). */
  queue: Map<number, QueueRecord>;
  nextSeq: number;
  bytes: number;
}

/** The result of reading a file: its state, or why it is not a store file. */
export type Decoded = { kind: 'ok'; state: FileState; dropped: number } | { kind: 'corrupt'; reason: string };

/** The file's format version, written as `"nudgekit": 1`; independent of `SCHEMA_VERSION`. */
const FORMAT = 1;

/** A new, empty state. */
export function emptyState(): FileState {
  return { kv: new Map(), queue: new Map(), nextSeq: 1, bytes: 0 };
}

/**
 * Parses the file's text. Bad JSON or a wrong top-level shape makes the whole file
 * corrupt; a malformed queue record is only dropped and counted.
 */
export function decodeFile(text: string): Decoded {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { kind: 'corrupt', reason: error instanceof Error ? error.message : 'bad JSON' };
  }
  if (!isRecord(data) || data.nudgekit !== FORMAT || !isRecord(data.kv) || !Array.isArray(data.queue)) {
    return { kind: 'corrupt', reason: 'unexpected top-level shape' };
  }
  const state = emptyState();
  for (const [key, value] of Object.entries(data.kv)) {
    if (value !== undefined) state.kv.set(key, JSON.stringify(value));
  }
  const records = data.queue.filter(isQueueRecord).sort((a, b) => a.seq - b.seq);
  let dropped = data.queue.length - records.length;
  for (const record of records) {
    if (state.queue.has(record.seq)) {
      dropped++; // two records with one seq: keep the first
      continue;
    }
    state.queue.set(record.seq, record);
    state.bytes += record.bytes;
  }
  const last = records.length > 0 ? records[records.length - 1]!.seq : 0;
  state.nextSeq = Math.max(last + 1, isSeq(data.nextSeq) ? data.nextSeq : 1);
  return { kind: 'ok', state, dropped };
}

/** Serialises the state to the file's text. */
export function encodeFile(state: FileState): string {
  const kv: string[] = [];
  for (const [key, json] of state.kv) kv.push(`${JSON.stringify(key)}:${json}`);
  const queue = JSON.stringify([...state.queue.values()]);
  return `{"nudgekit":${FORMAT},"nextSeq":${state.nextSeq},"kv":{${kv.join(',')}},"queue":${queue}}\n`;
}

